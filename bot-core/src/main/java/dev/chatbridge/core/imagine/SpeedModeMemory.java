package dev.chatbridge.core.imagine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What was learned about the proxy's speed modes, shared by all replicas: whether its mode routes exist (remembered
 * for a while, so an upgraded proxy is found again), and which users were already told that they do not.
 */
public interface SpeedModeMemory {

    /** Whether the proxy serves the speed modes' routes. */
    enum Offered {
        /** Not tried yet, or forgotten since. */
        UNKNOWN,
        YES,
        NO
    }

    Offered offered();

    /** Remembers what a submit under a mode's prefix showed. */
    void remember(boolean offered);

    /** True the first time it is asked for this user: they are told once that their mode cannot be used. */
    boolean firstNotice(String platform, String userId);

    /** In this process only: for tests and single-process use. */
    static SpeedModeMemory inMemory() {
        AtomicReference<Offered> offered = new AtomicReference<>(Offered.UNKNOWN);
        Set<String> told = ConcurrentHashMap.newKeySet();
        return new SpeedModeMemory() {
            @Override
            public Offered offered() {
                return offered.get();
            }

            @Override
            public void remember(boolean yes) {
                offered.set(yes ? Offered.YES : Offered.NO);
            }

            @Override
            public boolean firstNotice(String platform, String userId) {
                return told.add(platform + ":" + userId);
            }
        };
    }
}
