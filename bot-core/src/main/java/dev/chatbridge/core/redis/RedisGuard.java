package dev.chatbridge.core.redis;

import dev.chatbridge.core.storage.StorageUnavailableException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Turns Spring's Redis failures into {@link StorageUnavailableException}, which callers report to the user. */
final class RedisGuard {

    private RedisGuard() {}

    /** Runs {@code commands} in one pipelined round trip; returns their replies in order. */
    static List<Object> pipelined(StringRedisTemplate redis, Consumer<RedisOperations<String, String>> commands) {
        return call(() -> redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> @Nullable Object execute(RedisOperations<K, V> operations) {
                commands.accept((RedisOperations<String, String>) operations);
                return null;
            }
        }));
    }

    static <T> T call(Supplier<T> redisCall) {
        try {
            return redisCall.get();
        } catch (DataAccessException e) {
            throw new StorageUnavailableException("Redis is unavailable: " + e.getMessage(), e);
        }
    }
}
