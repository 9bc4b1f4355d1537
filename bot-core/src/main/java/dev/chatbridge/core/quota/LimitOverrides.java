package dev.chatbridge.core.quota;

import dev.chatbridge.core.conversation.RedisGuard;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Admins' per-user limits, kept in Redis so every replica applies them, plus a version that grows
 * whenever any limit changes (an override, or the operator's defaults at startup). Buckets are
 * rebuilt from the new limits when their stored version is older (Bucket4j's implicit
 * configuration replacement), keeping what the user already used.
 */
final class LimitOverrides {

    private static final String VERSION_KEY = "quota:config-version";
    private static final String DEFAULTS_KEY = "quota:defaults";

    private final StringRedisTemplate redis;
    private final Limits defaults;

    LimitOverrides(StringRedisTemplate redis, Limits defaults) {
        this.redis = redis;
        this.defaults = defaults;
    }

    /** Bumps the version when the operator's defaults differ from the ones the buckets were built with. */
    void publishDefaults() {
        String wanted = defaults.messagesPerMinute() + "/" + defaults.dailyTokens() + "/" + defaults.dailyImageJobs();
        RedisGuard.call(() -> {
            String stored = redis.opsForValue().getAndSet(DEFAULTS_KEY, wanted);
            if (!wanted.equals(stored)) {
                redis.opsForValue().increment(VERSION_KEY);
            }
            return null;
        });
    }

    /** The limits for {@code user} and the version of the limit configuration they belong to. */
    Versioned effective(QuotaUser user) {
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
        return new Versioned(limits, version == null ? 0 : Long.parseLong(version.toString()));
    }

    /** Sets (value ≥ 0) or removes (value &lt; 0) one override. */
    void set(QuotaUser user, LimitKind kind, long value) {
        RedisGuard.call(() -> {
            if (value < 0) {
                redis.opsForHash().delete(key(user), kind.word());
            } else {
                redis.opsForHash().put(key(user), kind.word(), Long.toString(value));
            }
            return redis.opsForValue().increment(VERSION_KEY);
        });
    }

    private static String key(QuotaUser user) {
        return "quota:override:" + user.key();
    }

    record Versioned(Limits limits, long version) {}
}
