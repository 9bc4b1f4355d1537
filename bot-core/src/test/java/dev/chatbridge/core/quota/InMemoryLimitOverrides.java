package dev.chatbridge.core.quota;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link LimitOverrides} in memory, as the Redis one behaves: admins' overrides per user over the
 * {@code defaults}, and a version that grows with every change of either. Views with other
 * defaults ({@link #withDefaults}) share the overrides and the version, as replicas share Redis.
 */
public final class InMemoryLimitOverrides implements LimitOverrides {

    private final Map<String, Map<LimitKind, Long>> overrides;
    private final AtomicLong version;
    private final AtomicReference<Limits> publishedDefaults;
    private final Limits defaults;
    private final AtomicReference<CountDownLatch> publishGate;

    public InMemoryLimitOverrides(Limits defaults) {
        this(new HashMap<>(), new AtomicLong(), new AtomicReference<>(), defaults, new AtomicReference<>());
    }

    private InMemoryLimitOverrides(
            Map<String, Map<LimitKind, Long>> overrides,
            AtomicLong version,
            AtomicReference<Limits> publishedDefaults,
            Limits defaults,
            AtomicReference<CountDownLatch> publishGate) {
        this.overrides = overrides;
        this.version = version;
        this.publishedDefaults = publishedDefaults;
        this.defaults = defaults;
        this.publishGate = publishGate;
    }

    /** Publishing the defaults (a core's first contact with storage) waits for {@code gate}, as a slow Redis would. */
    public void holdPublishingUntil(CountDownLatch gate) {
        publishGate.set(gate);
    }

    /** The same overrides over other defaults. */
    public InMemoryLimitOverrides withDefaults(Limits other) {
        return new InMemoryLimitOverrides(overrides, version, publishedDefaults, other, publishGate);
    }

    @Override
    public void publishDefaults() {
        CountDownLatch gate = publishGate.get();
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!defaults.equals(publishedDefaults.getAndSet(defaults))) {
            version.incrementAndGet();
        }
    }

    @Override
    public VersionedLimits effective(QuotaUser user) {
        Limits limits = defaults;
        synchronized (overrides) {
            for (Map.Entry<LimitKind, Long> override :
                    overrides.getOrDefault(user.key(), Map.of()).entrySet()) {
                limits = limits.with(override.getKey(), override.getValue());
            }
        }
        return new VersionedLimits(limits, version.get());
    }

    @Override
    public void set(QuotaUser user, LimitKind kind, long value) {
        synchronized (overrides) {
            Map<LimitKind, Long> mine = overrides.computeIfAbsent(user.key(), key -> new EnumMap<>(LimitKind.class));
            if (value < 0) {
                mine.remove(kind);
            } else {
                mine.put(kind, value);
            }
        }
        version.incrementAndGet();
    }
}
