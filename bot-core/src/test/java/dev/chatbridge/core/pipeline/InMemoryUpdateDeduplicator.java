package dev.chatbridge.core.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link UpdateDeduplicator} in memory: remembers every event it saw (in a test nothing needs forgetting). */
public final class InMemoryUpdateDeduplicator implements UpdateDeduplicator {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public boolean firstDelivery(String platform, String eventId) {
        return seen.add(platform + ":" + eventId);
    }
}
