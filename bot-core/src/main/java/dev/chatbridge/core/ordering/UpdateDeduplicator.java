package dev.chatbridge.core.ordering;

import dev.chatbridge.core.conversation.RedisGuard;
import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Platforms deliver updates at least once (Telegram repeats an update until it is confirmed, and
 * webhooks are retried). The first replica to claim an event id with SET NX handles it.
 */
public final class UpdateDeduplicator {

    private final StringRedisTemplate redis;
    private final Duration remember;

    public UpdateDeduplicator(StringRedisTemplate redis, Duration remember) {
        this.redis = redis;
        this.remember = remember;
    }

    /** True the first time an event id is seen, false for every repeat. */
    public boolean firstDelivery(String platform, String eventId) {
        Claim claim = claim(platform, eventId);
        return Boolean.TRUE.equals(
                RedisGuard.call(() -> redis.opsForValue().setIfAbsent(claim.key(), "1", claim.remember())));
    }

    /** The key that marks an event as seen, for claiming it together with other writes. */
    public Claim claim(String platform, String eventId) {
        return new Claim("cb:seen:" + platform + ":" + eventId, remember);
    }

    /** An event's seen-marker and how long it is kept. */
    public record Claim(String key, Duration remember) {}
}
