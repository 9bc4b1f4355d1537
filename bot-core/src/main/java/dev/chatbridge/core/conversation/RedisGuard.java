package dev.chatbridge.core.conversation;

import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;

/** Turns Spring's Redis failures into {@link StorageUnavailableException}, which callers report to the user. */
public final class RedisGuard {

    private RedisGuard() {}

    public static <T> T call(Supplier<T> redisCall) {
        try {
            return redisCall.get();
        } catch (DataAccessException e) {
            throw new StorageUnavailableException("Redis is unavailable: " + e.getMessage(), e);
        }
    }
}
