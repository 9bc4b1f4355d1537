package dev.chatbridge.core.redis;

import dev.chatbridge.core.quota.LimitBuckets;
import dev.chatbridge.core.quota.LimitKind;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.VersionedLimits;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link LimitBuckets} as a Redis hash per user and limit, changed by Lua scripts in one round trip each (Bucket4j's
 * compare-and-swap took two). The bucket logic is Lua ({@link #FUNCTIONS}) so that {@link RedisQuotaSteps} can fold a
 * chat's limits into the same step as its other quota work. Messages refill continuously (the limit per minute);
 * tokens and image jobs fully at each midnight UTC. When the limits' version grows, a bucket takes the new capacity
 * and keeps what was used (as Bucket4j's ADDITIVE inheritance did). A bucket that would be full again expires.
 */
final class RedisLimitBuckets implements LimitBuckets {

    /** Not Bucket4j's keys ({@code quota:<kind>:<user>}, a binary value): those expire by themselves. */
    static String key(LimitKind kind, QuotaUser user) {
        return "quota:bucket:" + kind.word() + ":" + user.key();
    }

    /**
     * A bucket is {available, capacity, version} as of {@code now} (ms since the epoch). Fields: a (available), c
     * (capacity), v (limits' version), t (last change).
     */
    static final String FUNCTIONS = """
            local DAY = 86400000
            local function nextMidnight(t) return (math.floor(t / DAY) + 1) * DAY end
            local function load(key, kind, cap, version, now)
              local s = redis.call('HMGET', key, 'a', 'c', 'v', 't')
              local a, c, v, t = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
              if a == nil or c == nil or v == nil or t == nil then return {cap, cap, version} end
              if version > v then a = a + cap - c; c = cap; v = version end
              if kind == 'messages' then
                if now > t then a = math.min(c, a + c * (now - t) / 60000) end
              elseif now >= nextMidnight(t) then
                a = c
              end
              return {a, c, v}
            end
            local function save(key, kind, b, now)
              redis.call('HSET', key, 'a', string.format('%.6f', b[1]), 'c', string.format('%d', b[2]),
                'v', string.format('%d', b[3]), 't', string.format('%d', now))
              local keep
              if kind == 'messages' then keep = math.max(0, (b[2] - b[1]) * 60000 / b[2]) + 60000
              else keep = nextMidnight(now) - now + 60000 end
              redis.call('PEXPIRE', key, string.format('%d', math.ceil(keep)))
            end
            local function refillIn(kind, b, amount, now)
              if kind == 'messages' then return math.max(0, math.ceil((amount - b[1]) * 60000 / b[2])) end
              return nextMidnight(now) - now
            end
            """;

    /** KEYS: bucket. ARGV: kind, capacity, version, now, amount. Returns {taken 1/0, remaining, refill ms}. */
    private static final RedisScript<List> TRY_TAKE = RedisScript.of(FUNCTIONS + """
            local now, amount = tonumber(ARGV[4]), tonumber(ARGV[5])
            local b = load(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), now)
            if b[1] >= amount then
              b[1] = b[1] - amount
              save(KEYS[1], ARGV[1], b, now)
              return {1, math.floor(b[1]), 0}
            end
            return {0, math.floor(b[1]), refillIn(ARGV[1], b, amount, now)}""", List.class);

    /** KEYS: bucket. ARGV: kind, capacity, version, now. Returns {allowed 1/0, remaining, refill ms}. */
    private static final RedisScript<List> PEEK = RedisScript.of(FUNCTIONS + """
            local now = tonumber(ARGV[4])
            local b = load(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), now)
            if b[1] >= 1 then return {1, math.floor(b[1]), 0} end
            return {0, math.floor(b[1]), refillIn(ARGV[1], b, 1, now)}""", List.class);

    /** KEYS: bucket. ARGV: kind, capacity, version, now, amount (negative gives back, up to the capacity). */
    private static final RedisScript<Long> CHANGE = RedisScript.of(FUNCTIONS + """
            local now, amount = tonumber(ARGV[4]), tonumber(ARGV[5])
            local b = load(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), now)
            b[1] = math.min(b[2], b[1] - amount)
            save(KEYS[1], ARGV[1], b, now)
            return 1""", Long.class);

    private final StringRedisTemplate redis;

    RedisLimitBuckets(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public Outcome tryTake(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount) {
        return outcome(RedisGuard.call(
                () -> redis.execute(TRY_TAKE, List.of(key(kind, user)), args(kind, limits, Long.toString(amount)))));
    }

    @Override
    public Outcome peek(LimitKind kind, QuotaUser user, VersionedLimits limits) {
        return outcome(RedisGuard.call(() -> redis.execute(PEEK, List.of(key(kind, user)), args(kind, limits))));
    }

    @Override
    public void takeUsed(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount) {
        RedisGuard.call(
                () -> redis.execute(CHANGE, List.of(key(kind, user)), args(kind, limits, Long.toString(amount))));
    }

    @Override
    public void giveBack(LimitKind kind, QuotaUser user, VersionedLimits limits, long amount) {
        RedisGuard.call(
                () -> redis.execute(CHANGE, List.of(key(kind, user)), args(kind, limits, Long.toString(-amount))));
    }

    private static Object[] args(LimitKind kind, VersionedLimits limits, String... more) {
        Object[] args = new Object[4 + more.length];
        args[0] = kind.word();
        args[1] = Long.toString(limits.limits().of(kind));
        args[2] = Long.toString(limits.version());
        args[3] = Long.toString(System.currentTimeMillis());
        System.arraycopy(more, 0, args, 4, more.length);
        return args;
    }

    @SuppressWarnings("rawtypes")
    private static Outcome outcome(List reply) {
        if (reply == null || reply.size() < 3) {
            throw new IllegalStateException("unexpected reply from a quota script: " + reply);
        }
        return new Outcome(
                number(reply.get(0)) == 1, number(reply.get(1)), Duration.ofMillis(Math.max(0, number(reply.get(2)))));
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }

    @Override
    public void close() {}
}
