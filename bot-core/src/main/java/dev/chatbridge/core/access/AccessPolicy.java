package dev.chatbridge.core.access;

import java.util.Collection;
import java.util.Set;

/**
 * Who may use the bot: {@code BOT_ALLOWED_USERS}, {@code BOT_ADMINS} and {@code BOT_ALLOWED_CHATS}. An
 * empty user allowlist means everyone; admins are always allowed; in an allowed chat (a Telegram group,
 * a Discord guild or channel) everyone is. Ids are platform ids as strings.
 */
public record AccessPolicy(Set<String> allowedUsers, Set<String> admins, Set<String> allowedChats) {

    public AccessPolicy {
        allowedUsers = Set.copyOf(allowedUsers);
        admins = Set.copyOf(admins);
        allowedChats = Set.copyOf(allowedChats);
    }

    public AccessPolicy(Set<String> allowedUsers, Set<String> admins) {
        this(allowedUsers, admins, Set.of());
    }

    public static AccessPolicy fromLists(String allowedUsers, String admins) {
        return fromLists(allowedUsers, admins, "");
    }

    public static AccessPolicy fromLists(String allowedUsers, String admins, String allowedChats) {
        return new AccessPolicy(parse(allowedUsers), parse(admins), parse(allowedChats));
    }

    public boolean allows(String userId) {
        return allowedUsers.isEmpty() || allowedUsers.contains(userId) || admins.contains(userId);
    }

    /** Whether any of the places a message was written in (its chat, and on Discord its guild) is open to all. */
    public boolean opensAny(Collection<String> places) {
        return places.stream().anyMatch(allowedChats::contains);
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
