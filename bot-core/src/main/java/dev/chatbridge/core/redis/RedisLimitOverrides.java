package dev.chatbridge.core.redis;

import dev.chatbridge.core.quota.LimitKind;
import dev.chatbridge.core.quota.LimitOverrides;
import dev.chatbridge.core.quota.Limits;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.VersionedLimits;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link LimitOverrides} in Redis: a hash of overrides per user and a version counter. Buckets are
 * rebuilt from the new limits when their stored version is older (Bucket4j's implicit
 * configuration replacement), keeping what the user already used.
 */
final class RedisLimitOverrides implements LimitOverrides {

    static final String VERSION_KEY = "quota:config-version";
    private static final String DEFAULTS_KEY = "quota:defaults";

    private final StringRedisTemplate redis;
    private final Limits defaults;

    RedisLimitOverrides(StringRedisTemplate redis, Limits defaults) {
        this.redis = redis;
        this.defaults = defaults;
    }

    @Override
    public void publishDefaults() {
        String wanted = defaults.messagesPerMinute() + "/" + defaults.dailyTokens() + "/" + defaults.dailyImageJobs();
        RedisGuard.call(() -> {
            String stored = redis.opsForValue().getAndSet(DEFAULTS_KEY, wanted);
            if (!wanted.equals(stored)) {
                redis.opsForValue().increment(VERSION_KEY);
            }
            return null;
        });
    }

    @Override
    public VersionedLimits effective(QuotaUser user) {
        // One round trip for both reads.
        List<Object> replies = RedisGuard.pipelined(redis, ops -> {
            ops.opsForHash().entries(key(user));
            ops.opsForValue().get(VERSION_KEY);
        });
        @SuppressWarnings("unchecked")
        Map<Object, Object> fields = (Map<Object, Object>) replies.get(0);
        Object version = replies.get(1);
        Limits limits = defaults;
        for (LimitKind kind : LimitKind.values()) {
            Object value = fields.get(kind.word());
            if (value != null) {
                limits = limits.with(kind, Long.parseLong(value.toString()));
            }
        }
        return new VersionedLimits(limits, version == null ? 0 : Long.parseLong(version.toString()));
    }

    @Override
    public void set(QuotaUser user, LimitKind kind, long value) {
        RedisGuard.call(() -> {
            if (value < 0) {
                redis.opsForHash().delete(key(user), kind.word());
            } else {
                redis.opsForHash().put(key(user), kind.word(), Long.toString(value));
            }
            return redis.opsForValue().increment(VERSION_KEY);
        });
    }

    static String key(QuotaUser user) {
        return "quota:override:" + user.key();
    }
}
