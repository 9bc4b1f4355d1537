package dev.chatbridge.core.redis;

import dev.chatbridge.core.command.SystemPromptAsks;
import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@link SystemPromptAsks} in Redis: one key per open question, holding the asked user, expiring with it. */
final class RedisSystemPromptAsks implements SystemPromptAsks {

    private static final String PREFIX = "cb:settings:system-ask:";

    private final StringRedisTemplate redis;

    RedisSystemPromptAsks(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void open(String platform, String chatId, String messageId, String userId, Duration keep) {
        RedisGuard.call(() -> {
            redis.opsForValue().set(key(platform, chatId, messageId), userId, keep);
            return null;
        });
    }

    @Override
    public Optional<String> askedUser(String platform, String chatId, String messageId) {
        return Optional.ofNullable(RedisGuard.call(() -> redis.opsForValue().get(key(platform, chatId, messageId))));
    }

    @Override
    public boolean close(String platform, String chatId, String messageId) {
        return Boolean.TRUE.equals(RedisGuard.call(() -> redis.delete(key(platform, chatId, messageId))));
    }

    private static String key(String platform, String chatId, String messageId) {
        return PREFIX + platform + ":" + chatId + ":" + messageId;
    }
}
