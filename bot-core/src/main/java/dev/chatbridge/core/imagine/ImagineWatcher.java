package dev.chatbridge.core.imagine;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every unfinished job in Redis, on whichever replica gets the lease first. Jobs are due
 * by their next check time; a job whose replica died is due again once its lease runs out, so a
 * fresh start picks up what a crash left behind. The proxy's notify hook feeds {@link #onTaskUpdate}.
 */
public final class ImagineWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImagineWatcher.class);
    private static final int BATCH = 20;

    private final ImagineJobStore jobs;
    private final MidjourneyProxy proxy;
    private final ImagineService service;
    private final ExecutorService executor;
    private final String holder = "watcher-" + UUID.randomUUID();
    private volatile boolean closed;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("imagine-watcher").factory());

    public ImagineWatcher(
            ImagineJobStore jobs, MidjourneyProxy proxy, ImagineService service, ExecutorService executor) {
        this.jobs = jobs;
        this.proxy = proxy;
        this.service = service;
        this.executor = executor;
    }

    public void start(Duration tick) {
        ticker.scheduleWithFixedDelay(this::checkDue, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void checkDue() {
        if (closed) {
            return;
        }
        try {
            for (String taskId : jobs.due(System.currentTimeMillis(), BATCH)) {
                if (jobs.lease(taskId, holder, service.lease())) {
                    executor.submit(() -> handle(taskId, null));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Checking Midjourney jobs failed: {}", e.getMessage());
        }
    }

    /**
     * Handles a pushed task change in the background, on the core's executor, so that shutdown
     * waits for it. False once shutting down: the job stays in Redis for another replica's poll.
     */
    public boolean submitTaskUpdate(Task task) {
        if (closed) {
            return false;
        }
        try {
            executor.execute(() -> onTaskUpdate(task));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    /** The proxy pushed a task change (notify hook): handle it now instead of at the next poll. */
    public boolean onTaskUpdate(Task task) {
        // Wait for whoever holds the task (a poll, or the submitter still posting its progress message).
        for (int attempt = 0; attempt < 300 && !closed; attempt++) {
            if (jobs.lease(task.id(), holder, service.lease())) {
                handle(task.id(), task);
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void handle(String taskId, Task pushed) {
        // Renewed while the task is handled: downloading and posting a picture may take longer than the lease.
        try (LeaseHeartbeat held = LeaseHeartbeat.keep(jobs, taskId, holder, service.lease())) {
            Optional<ImagineJob> job = jobs.find(taskId);
            if (job.isEmpty()) {
                if (pushed == null) {
                    jobs.remove(taskId); // a due entry whose job expired or finished elsewhere
                }
                return;
            }
            Optional<Task> task;
            if (pushed != null) {
                task = Optional.of(pushed);
            } else {
                try {
                    task = proxy.fetch(taskId);
                } catch (MidjourneyException e) {
                    log.warn("Fetching task {} failed, will retry: {}", taskId, e.getMessage());
                    ImagineJob current = job.get();
                    jobs.save(current, System.currentTimeMillis() + Math.max(current.pollIntervalMillis(), 2000));
                    return;
                }
            }
            service.advance(job.get(), task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Handling task {} failed", taskId, e);
        } finally {
            // Shutting down may interrupt this thread; release the lease anyway, so another replica
            // takes the job over at once instead of after the lease runs out.
            boolean interrupted = Thread.interrupted();
            try {
                jobs.release(taskId, holder);
            } catch (RuntimeException e) {
                log.warn("Could not release the lease of task {}: {}", taskId, e.getMessage());
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes no more tasks; jobs stay in Redis for the other replicas (or the next start). */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
    }
}
