package dev.chatbridge.core.redis;

import dev.chatbridge.core.quota.DailyUsage;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.TopUser;
import dev.chatbridge.core.quota.UsageField;
import dev.chatbridge.core.quota.UsageLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;

/**
 * {@link UsageLedger} in Redis: a hash per user and day, a hash of the day's totals, and a sorted
 * set of users by tokens. Days expire after a week.
 */
final class RedisUsageLedger implements UsageLedger {
    static final Duration KEEP = Duration.ofDays(8);

    private final StringRedisTemplate redis;
    private final Clock clock;

    RedisUsageLedger(StringRedisTemplate redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** In one round trip. */
    @Override
    public void add(QuotaUser user, Map<UsageField, Long> amounts) {
        String day = today();
        RedisGuard.pipelined(redis, ops -> {
            double tokens = 0;
            for (Map.Entry<UsageField, Long> amount : amounts.entrySet()) {
                ops.opsForHash().increment(userKey(day, user), amount.getKey().key(), amount.getValue());
                ops.opsForHash().increment(totalsKey(day), amount.getKey().key(), amount.getValue());
                if (amount.getKey().isTokens()) {
                    tokens += amount.getValue();
                }
            }
            ops.opsForZSet().incrementScore(topKey(day), user.key(), tokens);
            for (String key : List.of(userKey(day, user), totalsKey(day), topKey(day))) {
                ops.expire(key, KEEP);
            }
        });
    }

    @Override
    public DailyUsage user(QuotaUser user) {
        return RedisGuard.call(() -> usage(redis.opsForHash().entries(userKey(today(), user))));
    }

    @Override
    public DailyUsage totals() {
        return RedisGuard.call(() -> usage(redis.opsForHash().entries(totalsKey(today()))));
    }

    @Override
    public long activeUsers() {
        Long count = RedisGuard.call(() -> redis.opsForZSet().zCard(topKey(today())));
        return count == null ? 0 : count;
    }

    @Override
    public List<TopUser> top(int count) {
        Set<ZSetOperations.TypedTuple<String>> top =
                RedisGuard.call(() -> redis.opsForZSet().reverseRangeWithScores(topKey(today()), 0, count - 1));
        List<TopUser> ranked = new ArrayList<>();
        if (top != null) {
            for (ZSetOperations.TypedTuple<String> entry : top) {
                if (entry.getValue() != null) {
                    ranked.add(new TopUser(
                            QuotaUser.fromKey(entry.getValue()),
                            entry.getScore() == null ? 0 : entry.getScore().longValue()));
                }
            }
        }
        return ranked;
    }

    private static DailyUsage usage(Map<Object, Object> hash) {
        Map<UsageField, Long> counts = new EnumMap<>(UsageField.class);
        for (UsageField field : UsageField.values()) {
            Object value = hash.get(field.key());
            if (value != null) {
                counts.put(field, Long.parseLong(value.toString()));
            }
        }
        return DailyUsage.of(counts);
    }

    private String today() {
        return day(clock);
    }

    static String day(Clock clock) {
        return LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)).toString();
    }

    static String userKey(String day, QuotaUser user) {
        return "usage:" + day + ":user:" + user.key();
    }

    static String totalsKey(String day) {
        return "usage:" + day + ":totals";
    }

    static String topKey(String day) {
        return "usage:" + day + ":top";
    }
}
