package dev.chatbridge.core.imagine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The jobs being watched, shared by the replicas: the job itself, when it is next due for a check,
 * and a short lease per task so exactly one replica handles a task at a time. A job whose holder
 * dies is picked up by another replica once the lease runs out.
 */
public interface ImagineJobStore {

    /** Saves the job and schedules its next check. */
    void save(ImagineJob job, long nextCheckAtMillis);

    Optional<ImagineJob> find(String taskId);

    /** Task ids whose check is due, oldest first. */
    List<String> due(long nowMillis, int limit);

    void remove(String taskId);

    /** Tries to become the one replica handling this task for {@code lease}. */
    boolean lease(String taskId, String holder, Duration lease);

    /** Extends the lease if {@code holder} still holds it; false when it no longer does. */
    boolean renew(String taskId, String holder, Duration lease);

    void release(String taskId, String holder);

    /** Jobs not finished yet, on all replicas. */
    long activeCount();
}
