package dev.chatbridge.core.redis;

import dev.chatbridge.core.pipeline.UpdateDeduplicator;
import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@link UpdateDeduplicator} by SET NX on a key per event, kept for {@code remember}. */
final class RedisUpdateDeduplicator implements UpdateDeduplicator {

    private final StringRedisTemplate redis;
    private final Duration remember;

    RedisUpdateDeduplicator(StringRedisTemplate redis, Duration remember) {
        this.redis = redis;
        this.remember = remember;
    }

    @Override
    public boolean firstDelivery(String platform, String eventId) {
        return Boolean.TRUE.equals(
                RedisGuard.call(() -> redis.opsForValue().setIfAbsent(seenKey(platform, eventId), "1", remember)));
    }

    /** The key that marks an event as seen; {@link RedisConversationQueue} sets it in the same step as it queues. */
    static String seenKey(String platform, String eventId) {
        return "cb:seen:" + platform + ":" + eventId;
    }
}
