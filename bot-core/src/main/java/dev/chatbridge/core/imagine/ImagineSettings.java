package dev.chatbridge.core.imagine;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How jobs are watched: polling starts at {@code pollBase} and backs off to {@code pollMax}
 * while nothing changes; any progress resets it and restarts the {@code stallTimeout}. With a
 * {@code notifyHookUrl} the proxy pushes changes and polling only runs as a slow safety net.
 */
public record ImagineSettings(
        @Nullable String notifyHookUrl,
        Duration pollBase,
        Duration pollMax,
        Duration hookSafetyPoll,
        Duration stallTimeout,
        Duration lostTaskGrace,
        long maxImageBytes,
        Duration buttonLifetime) {

    public static ImagineSettings defaults(@Nullable String notifyHookUrl) {
        return new ImagineSettings(
                notifyHookUrl,
                Duration.ofSeconds(2),
                Duration.ofSeconds(15),
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                Duration.ofMinutes(2),
                20L * 1024 * 1024,
                Duration.ofDays(7));
    }
}
