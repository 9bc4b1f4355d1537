package dev.chatbridge.core.conversation;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * How ChatBridge connects to Redis. Commands time out quickly and are rejected at once while
 * disconnected, so an outage becomes a clear message to the user instead of a hang; Lettuce
 * reconnects by itself when Redis returns.
 */
public final class RedisConnections {

    private RedisConnections() {}

    /** A started connection factory for {@code redis://[:pass@]host:port/db}. */
    public static LettuceConnectionFactory connect(String url, Duration commandTimeout) {
        return connect(LettuceConnectionFactory.createRedisConfiguration(url), commandTimeout);
    }

    public static LettuceConnectionFactory connect(RedisConfiguration target, Duration commandTimeout) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .commandTimeout(commandTimeout)
                .clientOptions(ClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                        .build())
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(target, client);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
