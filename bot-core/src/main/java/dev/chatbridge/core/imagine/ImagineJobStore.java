package dev.chatbridge.core.imagine;

import dev.chatbridge.core.conversation.RedisGuard;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs live in Redis: the job itself as JSON, a sorted set of task ids by next check time, and
 * a short lease per task so exactly one replica handles a task at a time. A job whose holder
 * dies is picked up by another replica once the lease runs out.
 */
public final class ImagineJobStore {

    private static final String JOB = "cb:mj:job:";
    private static final String DUE = "cb:mj:due";
    private static final String LEASE = "cb:mj:lease:";
    private static final RedisScript<Long> RELEASE = RedisScript.of(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
            Long.class);

    private final StringRedisTemplate redis;
    private final Duration jobTtl;
    private final JsonMapper json = JsonMapper.builder().build();

    public ImagineJobStore(StringRedisTemplate redis, Duration jobTtl) {
        this.redis = redis;
        this.jobTtl = jobTtl;
    }

    /** Saves the job and schedules its next check. */
    public void save(ImagineJob job, long nextCheckAtMillis) {
        RedisGuard.call(() -> {
            redis.opsForValue().set(JOB + job.taskId(), json.writeValueAsString(job), jobTtl);
            redis.opsForZSet().add(DUE, job.taskId(), nextCheckAtMillis);
            return null;
        });
    }

    public Optional<ImagineJob> find(String taskId) {
        String raw = RedisGuard.call(() -> redis.opsForValue().get(JOB + taskId));
        return raw == null ? Optional.empty() : Optional.of(json.readValue(raw, ImagineJob.class));
    }

    /** Task ids whose check is due, oldest first. */
    public List<String> due(long nowMillis, int limit) {
        Set<String> ids = RedisGuard.call(() -> redis.opsForZSet().rangeByScore(DUE, 0, nowMillis, 0, limit));
        return ids == null ? List.of() : List.copyOf(ids);
    }

    public void remove(String taskId) {
        RedisGuard.call(() -> {
            redis.opsForZSet().remove(DUE, taskId);
            redis.delete(JOB + taskId);
            return null;
        });
    }

    /** Tries to become the one replica handling this task for {@code lease}. */
    public boolean lease(String taskId, String holder, Duration lease) {
        return Boolean.TRUE.equals(
                RedisGuard.call(() -> redis.opsForValue().setIfAbsent(LEASE + taskId, holder, lease)));
    }

    public void release(String taskId, String holder) {
        RedisGuard.call(() -> redis.execute(RELEASE, List.of(LEASE + taskId), holder));
    }

    public long activeCount() {
        Long count = RedisGuard.call(() -> redis.opsForZSet().zCard(DUE));
        return count == null ? 0 : count;
    }
}
