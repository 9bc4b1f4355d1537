package dev.chatbridge.core.redis;

import dev.chatbridge.core.quota.LimitKind;
import dev.chatbridge.core.quota.Limits;
import dev.chatbridge.core.quota.QuotaSteps;
import dev.chatbridge.core.quota.QuotaUser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link QuotaSteps} as one Lua script each: the overrides ({@link RedisLimitOverrides}' keys), the buckets
 * ({@link RedisLimitBuckets}' logic and keys) and the usage ledger ({@link RedisUsageLedger}'s keys) in one round
 * trip, where they took nine.
 */
final class RedisQuotaSteps implements QuotaSteps {

    /** Adds {@code amount} to a ledger field of the user and the totals; KEYS 5-7 are user, totals, top. */
    private static final String LEDGER = """
            local function count(field, amount, tokens)
              redis.call('HINCRBY', KEYS[5], field, amount)
              redis.call('HINCRBY', KEYS[6], field, amount)
              redis.call('ZINCRBY', KEYS[7], tokens, ARGV[6])
              for i = 5, 7 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
            end
            local ov = redis.call('HMGET', KEYS[1], 'messages', 'tokens', 'images')
            local version = tonumber(redis.call('GET', KEYS[2]) or '0')
            local mpm = tonumber(ov[1] or ARGV[1])
            local tokens = tonumber(ov[2] or ARGV[2])
            local images = tonumber(ov[3] or ARGV[3])
            local now = tonumber(ARGV[4])
            """;

    /**
     * KEYS: overrides, version, tokens bucket, messages bucket, ledger user, totals, top.
     * ARGV: default messages per minute, tokens, images; now; ledger ttl ms; user key.
     * Returns {refusal 0/1/2, messages per minute, tokens, images, refill ms}.
     */
    private static final RedisScript<List> ADMIT_CHAT =
            RedisScript.of(RedisLimitBuckets.FUNCTIONS + LEDGER + """
            if tokens > 0 then
              local b = load(KEYS[3], 'tokens', tokens, version, now)
              if b[1] < 1 then
                count('refused', 1, 0)
                return {1, mpm, tokens, images, refillIn('tokens', b, 1, now)}
              end
            end
            if mpm > 0 then
              local b = load(KEYS[4], 'messages', mpm, version, now)
              if b[1] < 1 then
                count('refused', 1, 0)
                return {2, mpm, tokens, images, refillIn('messages', b, 1, now)}
              end
              b[1] = b[1] - 1
              save(KEYS[4], 'messages', b, now)
            end
            count('messages', 1, 0)
            return {0, mpm, tokens, images, 0}""", List.class);

    /**
     * Charges tokens: K is overrides, version, tokens bucket, ledger user, totals, top; A is the default daily
     * tokens, now, ledger ttl ms, user key, tokens in, tokens out. Also run by the script that finishes a turn
     * ({@link RedisConversationQueue}), so an answered turn is saved and charged in one round trip.
     */
    static final String CHARGE = """
            local function charge(K, A)
              local version = tonumber(redis.call('GET', K[2]) or '0')
              local limit = tonumber(redis.call('HGET', K[1], 'tokens') or A[1])
              local now = tonumber(A[2])
              local used = tonumber(A[5]) + tonumber(A[6])
              if limit > 0 then
                local b = load(K[3], 'tokens', limit, version, now)
                b[1] = b[1] - used
                save(K[3], 'tokens', b, now)
              end
              redis.call('HINCRBY', K[4], 'tokens_in', A[5])
              redis.call('HINCRBY', K[5], 'tokens_in', A[5])
              redis.call('HINCRBY', K[4], 'tokens_out', A[6])
              redis.call('HINCRBY', K[5], 'tokens_out', A[6])
              redis.call('ZINCRBY', K[6], used, A[4])
              for i = 4, 6 do redis.call('PEXPIRE', K[i], A[3]) end
            end
            """;

    /** KEYS and ARGV as {@link #CHARGE}'s K and A. */
    private static final RedisScript<Long> RECORD_TOKENS =
            RedisScript.of(RedisLimitBuckets.FUNCTIONS + CHARGE + """
            charge(KEYS, ARGV)
            return 1""", Long.class);

    private final StringRedisTemplate redis;
    private final Limits defaults;
    private final Clock clock;

    RedisQuotaSteps(StringRedisTemplate redis, Limits defaults, Clock clock) {
        this.redis = redis;
        this.defaults = defaults;
        this.clock = clock;
    }

    @Override
    public ChatCheck admitChat(QuotaUser user) {
        List<?> reply = RedisGuard.call(() -> redis.execute(ADMIT_CHAT, keys(user), args(user)));
        if (reply == null || reply.size() < 5) {
            throw new IllegalStateException("unexpected reply from the chat quota script: " + reply);
        }
        ChatCheck.Refusal refusal = switch ((int) RedisLimitBuckets.number(reply.get(0))) {
            case 0 -> ChatCheck.Refusal.NONE;
            case 1 -> ChatCheck.Refusal.DAILY_TOKENS;
            default -> ChatCheck.Refusal.MESSAGES_PER_MINUTE;
        };
        Limits limits = new Limits(
                RedisLimitBuckets.number(reply.get(1)),
                RedisLimitBuckets.number(reply.get(2)),
                RedisLimitBuckets.number(reply.get(3)));
        return new ChatCheck(refusal, limits, Duration.ofMillis(Math.max(0, RedisLimitBuckets.number(reply.get(4)))));
    }

    @Override
    public void recordTokens(QuotaUser user, long promptTokens, long completionTokens) {
        List<String> keys = chargeKeys(user);
        List<String> args = chargeArgs(user, promptTokens, completionTokens);
        RedisGuard.call(() -> redis.execute(RECORD_TOKENS, keys, args.toArray()));
    }

    /** {@link #CHARGE}'s K for {@code user}. */
    List<String> chargeKeys(QuotaUser user) {
        String day = RedisUsageLedger.day(clock);
        return List.of(
                RedisLimitOverrides.key(user),
                RedisLimitOverrides.VERSION_KEY,
                RedisLimitBuckets.key(LimitKind.TOKENS, user),
                RedisUsageLedger.userKey(day, user),
                RedisUsageLedger.totalsKey(day),
                RedisUsageLedger.topKey(day));
    }

    /** {@link #CHARGE}'s A. */
    List<String> chargeArgs(QuotaUser user, long promptTokens, long completionTokens) {
        return List.of(
                Long.toString(defaults.dailyTokens()),
                Long.toString(clock.millis()),
                Long.toString(RedisUsageLedger.KEEP.toMillis()),
                user.key(),
                Long.toString(promptTokens),
                Long.toString(completionTokens));
    }

    private List<String> keys(QuotaUser user) {
        String day = RedisUsageLedger.day(clock);
        return List.of(
                RedisLimitOverrides.key(user),
                RedisLimitOverrides.VERSION_KEY,
                RedisLimitBuckets.key(LimitKind.TOKENS, user),
                RedisLimitBuckets.key(LimitKind.MESSAGES, user),
                RedisUsageLedger.userKey(day, user),
                RedisUsageLedger.totalsKey(day),
                RedisUsageLedger.topKey(day));
    }

    private Object[] args(QuotaUser user, String... more) {
        Object[] args = new Object[6 + more.length];
        args[0] = Long.toString(defaults.messagesPerMinute());
        args[1] = Long.toString(defaults.dailyTokens());
        args[2] = Long.toString(defaults.dailyImageJobs());
        args[3] = Long.toString(clock.millis());
        args[4] = Long.toString(RedisUsageLedger.KEEP.toMillis());
        args[5] = user.key();
        System.arraycopy(more, 0, args, 6, more.length);
        return args;
    }
}
