package dev.chatbridge.core.access;

import java.util.Set;

/**
 * Who may use the bot: {@code BOT_ALLOWED_USERS} and {@code BOT_ADMINS}. An empty allowlist
 * means everyone; admins are always allowed. Ids are platform user ids as strings.
 */
public record AccessPolicy(Set<String> allowedUsers, Set<String> admins) {

    public AccessPolicy {
        allowedUsers = Set.copyOf(allowedUsers);
        admins = Set.copyOf(admins);
    }

    public static AccessPolicy fromLists(String allowedUsers, String admins) {
        return new AccessPolicy(parse(allowedUsers), parse(admins));
    }

    public boolean allows(String userId) {
        return allowedUsers.isEmpty() || allowedUsers.contains(userId) || admins.contains(userId);
    }

    public boolean isAdmin(String userId) {
        return admins.contains(userId);
    }

    private static Set<String> parse(String list) {
        return java.util.Arrays.stream(list.split("[,\\s]+"))
                .map(String::strip)
                .filter(id -> !id.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
