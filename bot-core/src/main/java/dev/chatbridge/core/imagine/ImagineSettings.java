package dev.chatbridge.core.imagine;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How jobs are watched: polling starts at {@code pollBase} and backs off to {@code pollMax}
 * while nothing changes; any progress resets it and restarts the {@code stallTimeout}. With a
 * {@code notifyHookUrl} the proxy pushes changes and polling only runs as a slow safety net.
 * {@code lease}: how long one replica holds a task before another may take it over.
 * {@code previewInterval}: the least time between two preview pictures of one job in its progress
 * message (each is an upload, and edits count against the chat's flood limit); zero turns previews off.
 * {@code askTimeout}: how long an action that needs input (Remix, Custom Zoom, Vary (Region)) waits for it.
 */
public record ImagineSettings(
        @Nullable String notifyHookUrl,
        Duration pollBase,
        Duration pollMax,
        Duration hookSafetyPoll,
        Duration stallTimeout,
        Duration lostTaskGrace,
        long maxImageBytes,
        Duration buttonLifetime,
        Duration lease,
        Duration previewInterval,
        Duration askTimeout) {

    /** At most one preview picture per job this often: well under Telegram's and Discord's edit limits. */
    public static final Duration DEFAULT_PREVIEW_INTERVAL = Duration.ofSeconds(5);

    /** How long a replica holds a task before another may take it; renewed while it works on the task. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    /** How long a Remix, Custom Zoom or Vary (Region) waits for the user's prompt (or mask). */
    public static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofMinutes(10);

    public ImagineSettings {
        if (lease.toMillis() < 30) {
            throw new IllegalArgumentException("the lease must be at least 30 ms: " + lease);
        }
        if (previewInterval.isNegative()) {
            throw new IllegalArgumentException("the preview interval must not be negative: " + previewInterval);
        }
        if (!askTimeout.isPositive()) {
            throw new IllegalArgumentException("the ask timeout must be positive: " + askTimeout);
        }
    }

    /** With the default preview interval and ask timeout. */
    public ImagineSettings(
            @Nullable String notifyHookUrl,
            Duration pollBase,
            Duration pollMax,
            Duration hookSafetyPoll,
            Duration stallTimeout,
            Duration lostTaskGrace,
            long maxImageBytes,
            Duration buttonLifetime,
            Duration lease) {
        this(
                notifyHookUrl,
                pollBase,
                pollMax,
                hookSafetyPoll,
                stallTimeout,
                lostTaskGrace,
                maxImageBytes,
                buttonLifetime,
                lease,
                DEFAULT_PREVIEW_INTERVAL,
                DEFAULT_ASK_TIMEOUT);
    }

    /** With the default lease. */
    public ImagineSettings(
            @Nullable String notifyHookUrl,
            Duration pollBase,
            Duration pollMax,
            Duration hookSafetyPoll,
            Duration stallTimeout,
            Duration lostTaskGrace,
            long maxImageBytes,
            Duration buttonLifetime) {
        this(
                notifyHookUrl,
                pollBase,
                pollMax,
                hookSafetyPoll,
                stallTimeout,
                lostTaskGrace,
                maxImageBytes,
                buttonLifetime,
                DEFAULT_LEASE);
    }

    /** The same settings with another lease (tests make it short). */
    public ImagineSettings withLease(Duration newLease) {
        return new ImagineSettings(
                notifyHookUrl,
                pollBase,
                pollMax,
                hookSafetyPoll,
                stallTimeout,
                lostTaskGrace,
                maxImageBytes,
                buttonLifetime,
                newLease,
                previewInterval,
                askTimeout);
    }

    /** The same settings with another preview interval (zero: no previews). */
    public ImagineSettings withPreviewInterval(Duration interval) {
        return new ImagineSettings(
                notifyHookUrl,
                pollBase,
                pollMax,
                hookSafetyPoll,
                stallTimeout,
                lostTaskGrace,
                maxImageBytes,
                buttonLifetime,
                lease,
                interval,
                askTimeout);
    }

    /** The same settings with another ask timeout (operators may want longer; tests make it short). */
    public ImagineSettings withAskTimeout(Duration newAskTimeout) {
        return new ImagineSettings(
                notifyHookUrl,
                pollBase,
                pollMax,
                hookSafetyPoll,
                stallTimeout,
                lostTaskGrace,
                maxImageBytes,
                buttonLifetime,
                lease,
                previewInterval,
                newAskTimeout);
    }

    public boolean previews() {
        return previewInterval.isPositive();
    }

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
