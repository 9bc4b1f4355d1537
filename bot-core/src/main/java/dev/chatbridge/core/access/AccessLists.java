package dev.chatbridge.core.access;

import java.util.Set;

/** The lists admins change at runtime with {@code /allow} and {@code /block}, shared by the replicas. */
public interface AccessLists {

    /** Whether the user is blocked, and whether an admin let them in, read together. */
    Standing standing(String userId);

    /** Puts a user on the runtime allowlist (when {@code keepOnAllowlist}) and lifts any block. */
    void allow(String userId, boolean keepOnAllowlist);

    /** Takes a user off the runtime allowlist and blocks them. */
    void block(String userId);

    Set<String> blocked();

    /** A user's place on the runtime lists. */
    record Standing(boolean blocked, boolean allowed) {}
}
