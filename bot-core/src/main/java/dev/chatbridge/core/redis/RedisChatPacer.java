package dev.chatbridge.core.redis;

import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.LocalChatPacer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Pacing shared by every replica: a key per chat. In a chat this replica leases ({@link PacingLeases}: it holds the
 * lock of the chat's only conversation), calls are paced in-process, with no round trip. Elsewhere (groups, where
 * several conversations may be answered on different replicas at once; commands and Midjourney progress outside an
 * answer) the key lives for one call interval: whoever sets it (SET NX PX) may call, one round trip per call, and a
 * leased chat's key makes the others wait until the lease is handed back. A 429 is written to the key, so every
 * replica waits out the retry-after. Falls back to in-process pacing while Redis is down, so an outage notice can
 * still be delivered.
 */
final class RedisChatPacer implements ChatPacer {

    private static final Logger log = LoggerFactory.getLogger(RedisChatPacer.class);
    private static final Duration MIN_SLEEP = Duration.ofMillis(5);
    private static final Duration MIN_SLOT = Duration.ofMillis(1);

    /** A 429 in a leased chat: the lease stays ours and lasts at least the retry-after. KEYS: pace. ARGV: lease, ms. */
    private static final RedisScript<Long> HOLD_LEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
              redis.call('SET', KEYS[1], '429', 'PX', ARGV[2])
              return 0
            end
            if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 1""", Long.class);

    private final StringRedisTemplate redis;
    private final PacingLeases leases;
    private final LocalChatPacer fallback = new LocalChatPacer();

    RedisChatPacer(StringRedisTemplate redis, PacingLeases leases) {
        this.redis = redis;
        this.leases = leases;
    }

    @Override
    public void awaitTurn(String chatKey, Duration interval) throws InterruptedException {
        if (leases.tokenFor(chatKey).isPresent()) {
            leases.local().awaitTurn(chatKey, interval);
            return;
        }
        String key = PacingLeases.key(chatKey);
        // A key without expiry would hold the chat for ever; a channel with no interval still waits out a 429.
        Duration slot = interval.compareTo(MIN_SLOT) < 0 ? MIN_SLOT : interval;
        while (true) {
            Long remainingMillis;
            try {
                Boolean claimed = redis.opsForValue().setIfAbsent(key, "1", slot);
                if (Boolean.TRUE.equals(claimed)) {
                    return;
                }
                remainingMillis = redis.getExpire(key, TimeUnit.MILLISECONDS);
            } catch (DataAccessException e) {
                log.warn("Redis unavailable for pacing chat {}, pacing in-process: {}", chatKey, e.getMessage());
                fallback.awaitTurn(chatKey, interval);
                return;
            }
            Duration wait =
                    remainingMillis == null || remainingMillis <= 0 ? MIN_SLEEP : Duration.ofMillis(remainingMillis);
            // A leased chat's key lives as long as the lock's lease but is handed back as soon as the answer is
            // done: look again after one interval rather than sleep out the whole lease.
            Thread.sleep(wait.compareTo(slot) > 0 ? slot.plus(MIN_SLEEP) : wait);
        }
    }

    @Override
    public void holdOff(String chatKey, Duration retryAfter) {
        fallback.holdOff(chatKey, retryAfter);
        Optional<String> lease = leases.tokenFor(chatKey);
        try {
            if (lease.isPresent()) {
                leases.local().holdOff(chatKey, retryAfter);
                // Were this replica to die now, the others must still wait out the retry-after.
                redis.execute(
                        HOLD_LEASE,
                        List.of(PacingLeases.key(chatKey)),
                        PacingLeases.LEASE_PREFIX + lease.get(),
                        Long.toString(Math.max(1, retryAfter.toMillis())));
            } else {
                redis.opsForValue().set(PacingLeases.key(chatKey), "429", retryAfter);
            }
        } catch (DataAccessException e) {
            log.warn("Redis unavailable, retry-after for chat {} kept in-process: {}", chatKey, e.getMessage());
        }
    }
}
