package dev.chatbridge.core.quota;

import dev.chatbridge.core.conversation.RedisGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;

/**
 * What each user did today (UTC), for {@code /usage} and the admins' {@code /stats}: a hash per
 * user, a hash of totals, and a sorted set of users by tokens. Days expire after a week.
 */
final class UsageLedger {

    static final String MESSAGES = "messages";
    static final String TOKENS_IN = "tokens_in";
    static final String TOKENS_OUT = "tokens_out";
    static final String IMAGES = "images";
    static final String REFUSED = "refused";
    private static final Duration KEEP = Duration.ofDays(8);

    private final StringRedisTemplate redis;
    private final Clock clock;

    UsageLedger(StringRedisTemplate redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    void add(QuotaUser user, String field, long amount) {
        add(user, Map.of(field, amount));
    }

    /** Adds to several fields of the user's day and the totals in one round trip. */
    void add(QuotaUser user, Map<String, Long> amounts) {
        String day = today();
        RedisGuard.pipelined(redis, ops -> {
            double tokens = 0;
            for (Map.Entry<String, Long> amount : amounts.entrySet()) {
                ops.opsForHash().increment(userKey(day, user), amount.getKey(), amount.getValue());
                ops.opsForHash().increment(totalsKey(day), amount.getKey(), amount.getValue());
                if (amount.getKey().equals(TOKENS_IN) || amount.getKey().equals(TOKENS_OUT)) {
                    tokens += amount.getValue();
                }
            }
            ops.opsForZSet().incrementScore(topKey(day), user.key(), tokens);
            for (String key : List.of(userKey(day, user), totalsKey(day), topKey(day))) {
                ops.expire(key, KEEP);
            }
        });
    }

    DailyUsage user(QuotaUser user) {
        return RedisGuard.call(() -> DailyUsage.of(redis.opsForHash().entries(userKey(today(), user))));
    }

    DailyUsage totals() {
        return RedisGuard.call(() -> DailyUsage.of(redis.opsForHash().entries(totalsKey(today()))));
    }

    long activeUsers() {
        Long count = RedisGuard.call(() -> redis.opsForZSet().zCard(topKey(today())));
        return count == null ? 0 : count;
    }

    /** The users with the most tokens today, most first. */
    List<TopUser> top(int count) {
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

    private String today() {
        return LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)).toString();
    }

    private static String userKey(String day, QuotaUser user) {
        return "usage:" + day + ":user:" + user.key();
    }

    private static String totalsKey(String day) {
        return "usage:" + day + ":totals";
    }

    private static String topKey(String day) {
        return "usage:" + day + ":top";
    }
}
