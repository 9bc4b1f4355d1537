package dev.chatbridge.core.access;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** {@link AccessLists} in memory: the runtime allowlist and blocklist as two sets. */
public final class InMemoryAccessLists implements AccessLists {

    private final Set<String> allowed = new HashSet<>();
    private final Set<String> blocked = new HashSet<>();

    @Override
    public synchronized Standing standing(String userId) {
        return new Standing(blocked.contains(userId), allowed.contains(userId));
    }

    @Override
    public synchronized void allow(String userId, boolean keepOnAllowlist) {
        blocked.remove(userId);
        if (keepOnAllowlist) {
            allowed.add(userId);
        }
    }

    @Override
    public synchronized void block(String userId) {
        allowed.remove(userId);
        blocked.add(userId);
    }

    @Override
    public synchronized Set<String> blocked() {
        return new TreeSet<>(blocked);
    }
}
