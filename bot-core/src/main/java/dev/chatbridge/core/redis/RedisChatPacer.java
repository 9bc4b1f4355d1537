package dev.chatbridge.core.redis;

import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.LocalChatPacer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Pacing shared by every replica: a key per chat that lives for one call interval. Whoever sets
 * it (SET NX PX) may call; a 429 overwrites it with the retry-after, so all replicas wait.
 * One round trip per platform call. Falls back to in-process pacing while Redis is down, so an
 * outage notice can still be delivered.
 */
final class RedisChatPacer implements ChatPacer {

    private static final Logger log = LoggerFactory.getLogger(RedisChatPacer.class);
    private static final Duration MIN_SLEEP = Duration.ofMillis(5);
    private static final Duration MIN_SLOT = Duration.ofMillis(1);

    private final StringRedisTemplate redis;
    private final LocalChatPacer fallback = new LocalChatPacer();

    RedisChatPacer(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void awaitTurn(String chatKey, Duration interval) throws InterruptedException {
        String key = key(chatKey);
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
            Thread.sleep(wait);
        }
    }

    @Override
    public void holdOff(String chatKey, Duration retryAfter) {
        fallback.holdOff(chatKey, retryAfter);
        try {
            redis.opsForValue().set(key(chatKey), "429", retryAfter);
        } catch (DataAccessException e) {
            log.warn("Redis unavailable, retry-after for chat {} kept in-process: {}", chatKey, e.getMessage());
        }
    }

    private static String key(String chatKey) {
        return "cb:pace:" + chatKey;
    }
}
