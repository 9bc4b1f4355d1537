package dev.chatbridge.core.access;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who may use the bot right now: the operator's {@link AccessPolicy} ({@code BOT_ALLOWED_USERS},
 * {@code BOT_ADMINS}, {@code BOT_ALLOWED_CHATS}) plus what admins changed at runtime with {@code /allow} and {@code /block}.
 * The runtime lists are shared storage ({@link AccessLists}), so every replica applies them at once
 * and they survive restarts. Admins can never be blocked. With an empty allowlist everyone not blocked may use the
 * bot; {@code /allow} then only lifts a block.
 */
public final class AccessControl {

    private final AccessPolicy policy;
    private final AccessLists lists;

    public AccessControl(AccessPolicy policy, AccessLists lists) {
        this.policy = policy;
        this.lists = lists;
    }

    public enum Verdict {
        ALLOWED,
        NOT_ON_ALLOWLIST,
        BLOCKED
    }

    public Verdict check(String userId) {
        return check(userId, List.of());
    }

    /**
     * The verdict for a user writing in {@code places} (the chat's id, and on Discord the parent channel's
     * and the guild's): an allowed chat ({@code BOT_ALLOWED_CHATS}) lets everyone in, but a block still wins.
     */
    public Verdict check(String userId, Collection<String> places) {
        if (policy.isAdmin(userId)) {
            return Verdict.ALLOWED;
        }
        AccessLists.Standing standing = lists.standing(userId);
        if (standing.blocked()) {
            return Verdict.BLOCKED;
        }
        return policy.allows(userId) || standing.allowed() || policy.opensAny(places)
                ? Verdict.ALLOWED
                : Verdict.NOT_ON_ALLOWLIST;
    }

    /**
     * Whether the operator's settings alone let this user in (allowlist, admins, open chats): then only a block in
     * the runtime lists can refuse them. Storage steps that decide access in the same round trip as other work use
     * this with {@link #isAdmin} (an admin cannot be blocked).
     */
    public boolean opensWithoutLists(String userId, Collection<String> places) {
        return policy.allows(userId) || policy.opensAny(places);
    }

    public boolean allows(String userId) {
        return check(userId) == Verdict.ALLOWED;
    }

    public boolean allows(String userId, Collection<String> places) {
        return check(userId, places) == Verdict.ALLOWED;
    }

    public boolean isAdmin(String userId) {
        return policy.isAdmin(userId);
    }

    /** Lets a user in (and lifts any block). */
    public void allow(String userId) {
        lists.allow(userId, !policy.allowedUsers().isEmpty());
    }

    /** Shuts a user out; false (and nothing changes) for an admin. */
    public boolean block(String userId) {
        if (policy.isAdmin(userId)) {
            return false;
        }
        lists.block(userId);
        return true;
    }

    public Set<String> blocked() {
        return lists.blocked();
    }
}
