package dev.chatbridge.core.imagine;

import dev.chatbridge.core.ScoredIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ImagineJobStore} in memory, as the Redis one behaves: jobs, when each is next due, and a
 * lease per task that only one holder gets until it is released or runs out on {@code clock}.
 */
public final class InMemoryImagineJobStore implements ImagineJobStore {

    private record Lease(String holder, Instant until) {}

    private final Clock clock;
    private final Map<String, ImagineJob> jobs = new HashMap<>();
    private final ScoredIds dueAt = new ScoredIds();
    private final Map<String, Lease> leases = new HashMap<>();

    public InMemoryImagineJobStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void save(ImagineJob job, long nextCheckAtMillis) {
        jobs.put(job.taskId(), job);
        dueAt.put(job.taskId(), nextCheckAtMillis);
    }

    @Override
    public synchronized Optional<ImagineJob> find(String taskId) {
        return Optional.ofNullable(jobs.get(taskId));
    }

    @Override
    public synchronized List<String> due(long nowMillis, int limit) {
        return dueAt.upTo(nowMillis, limit);
    }

    @Override
    public synchronized void remove(String taskId) {
        jobs.remove(taskId);
        dueAt.remove(taskId);
    }

    @Override
    public synchronized boolean lease(String taskId, String holder, Duration lease) {
        Lease current = leases.get(taskId);
        if (current != null && current.until().isAfter(clock.instant())) {
            return false;
        }
        leases.put(taskId, new Lease(holder, clock.instant().plus(lease)));
        return true;
    }

    @Override
    public synchronized boolean renew(String taskId, String holder, Duration lease) {
        Lease current = leases.get(taskId);
        if (current == null
                || !current.holder().equals(holder)
                || !current.until().isAfter(clock.instant())) {
            return false;
        }
        leases.put(taskId, new Lease(holder, clock.instant().plus(lease)));
        return true;
    }

    @Override
    public synchronized void release(String taskId, String holder) {
        leases.computeIfPresent(taskId, (id, current) -> current.holder().equals(holder) ? null : current);
    }

    @Override
    public synchronized long activeCount() {
        return dueAt.size();
    }
}
