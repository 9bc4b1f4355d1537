package dev.chatbridge.core.imagine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ButtonKeys} in memory, as the Redis one behaves: a key resolves to its target until its
 * lifetime has passed on {@code clock}, and only its first press is claimed until released.
 * Views with another lifetime ({@link #lasting}) share the keys, as Redis instances share Redis.
 */
public final class InMemoryButtonKeys implements ButtonKeys {

    private record Stored(Target target, Instant expiresAt) {}

    private final Map<String, Stored> targets;
    private final Set<String> pressed;
    private final Duration lifetime;
    private final Clock clock;

    public InMemoryButtonKeys(Duration lifetime, Clock clock) {
        this(new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet(), lifetime, clock);
    }

    private InMemoryButtonKeys(Map<String, Stored> targets, Set<String> pressed, Duration lifetime, Clock clock) {
        this.targets = targets;
        this.pressed = pressed;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The same keys, with new ones created for {@code other}. */
    public InMemoryButtonKeys lasting(Duration other) {
        return new InMemoryButtonKeys(targets, pressed, other, clock);
    }

    @Override
    public String create(Target target) {
        String key = ButtonKeys.newKey();
        targets.put(key, new Stored(target, clock.instant().plus(lifetime)));
        return key;
    }

    @Override
    public Optional<Target> resolve(String key) {
        return Optional.ofNullable(targets.get(key))
                .filter(stored -> stored.expiresAt().isAfter(clock.instant()))
                .map(Stored::target);
    }

    @Override
    public boolean claimPress(String key) {
        return pressed.add(key);
    }

    @Override
    public void releasePress(String key) {
        pressed.remove(key);
    }
}
