package dev.chatbridge.core.imagine;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a task's lease every third of its length while its holder works on the task, so a slow
 * step (an image download from a slow CDN, an upload, a progress message waiting out a 429) never
 * outlives the lease and lets another replica handle the task a second time. A holder that dies
 * stops renewing, and the lease runs out as before.
 */
final class LeaseHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final Thread beat;
    private volatile boolean stopped;

    private LeaseHeartbeat(ImagineJobStore jobs, String taskId, String holder, Duration lease) {
        long period = Math.max(10, lease.toMillis() / 3);
        beat = Thread.ofVirtual().name("mj-lease-" + taskId).start(() -> {
            while (true) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    if (!jobs.renew(taskId, holder, lease)) {
                        log.warn("Lost the lease of Midjourney task {}", taskId);
                        return;
                    }
                } catch (RuntimeException e) {
                    if (stopped) {
                        return; // interrupted by close() during a renewal
                    }
                    // Keep trying: the lease is still ours until it runs out.
                    log.warn("Could not renew the lease of task {}: {}", taskId, e.getMessage());
                }
            }
        });
    }

    /** Starts renewing the lease {@code holder} holds on {@code taskId}. */
    static LeaseHeartbeat keep(ImagineJobStore jobs, String taskId, String holder, Duration lease) {
        return new LeaseHeartbeat(jobs, taskId, holder, lease);
    }

    @Override
    public void close() {
        stopped = true;
        beat.interrupt();
    }
}
