package dev.chatbridge.core.redis;

import dev.chatbridge.core.imagine.ImagineJob;
import dev.chatbridge.core.imagine.ImagineJobStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ImagineJobStore} in Redis: the job as JSON, a sorted set of task ids by next check time,
 * and a lease key per task.
 */
final class RedisImagineJobStore implements ImagineJobStore {

    private static final String JOB = "cb:mj:job:";
    private static final String DUE = "cb:mj:due";
    private static final String LEASE = "cb:mj:lease:";
    private static final RedisScript<Long> RELEASE = RedisScript.of(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
            Long.class);

    private static final RedisScript<Long> RENEW = RedisScript.of(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end",
            Long.class);

    private final StringRedisTemplate redis;
    private final Duration jobTtl;
    /** A field added later (progressPending) is missing from jobs an older version saved: it reads as false. */
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    RedisImagineJobStore(StringRedisTemplate redis, Duration jobTtl) {
        this.redis = redis;
        this.jobTtl = jobTtl;
    }

    @Override
    public void save(ImagineJob job, long nextCheckAtMillis) {
        RedisGuard.call(() -> {
            redis.opsForValue().set(JOB + job.taskId(), json.writeValueAsString(job), jobTtl);
            redis.opsForZSet().add(DUE, job.taskId(), nextCheckAtMillis);
            return null;
        });
    }

    @Override
    public Optional<ImagineJob> find(String taskId) {
        String raw = RedisGuard.call(() -> redis.opsForValue().get(JOB + taskId));
        return raw == null ? Optional.empty() : Optional.of(json.readValue(raw, ImagineJob.class));
    }

    @Override
    public List<String> due(long nowMillis, int limit) {
        Set<String> ids = RedisGuard.call(() -> redis.opsForZSet().rangeByScore(DUE, 0, nowMillis, 0, limit));
        return ids == null ? List.of() : List.copyOf(ids);
    }

    @Override
    public void remove(String taskId) {
        RedisGuard.call(() -> {
            redis.opsForZSet().remove(DUE, taskId);
            redis.delete(JOB + taskId);
            return null;
        });
    }

    @Override
    public boolean lease(String taskId, String holder, Duration lease) {
        return Boolean.TRUE.equals(
                RedisGuard.call(() -> redis.opsForValue().setIfAbsent(LEASE + taskId, holder, lease)));
    }

    @Override
    public boolean renew(String taskId, String holder, Duration lease) {
        Long renewed = RedisGuard.call(
                () -> redis.execute(RENEW, List.of(LEASE + taskId), holder, Long.toString(lease.toMillis())));
        return renewed != null && renewed == 1;
    }

    @Override
    public void release(String taskId, String holder) {
        RedisGuard.call(() -> redis.execute(RELEASE, List.of(LEASE + taskId), holder));
    }

    @Override
    public long activeCount() {
        Long count = RedisGuard.call(() -> redis.opsForZSet().zCard(DUE));
        return count == null ? 0 : count;
    }
}
