package dev.chatbridge.core.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

/**
 * How ChatBridge connects to Redis. Commands time out quickly and are rejected at once while
 * disconnected, so an outage becomes a clear message to the user instead of a hang; Lettuce
 * reconnects by itself when Redis returns.
 *
 * <p>Single commands share one connection. Spring Data Redis runs a pipeline on a dedicated
 * connection, which without a pool is a new TCP connection and handshake (three round trips) for
 * every pipeline, more than the pipeline saves; a small pool keeps those connections open.
 */
public final class RedisConnections {

    /** Pipelines in flight at once; more wait, at most the command timeout. */
    private static final int PIPELINE_CONNECTIONS = 16;

    private RedisConnections() {}

    /** A started connection factory for {@code redis://[:pass@]host:port/db}. */
    public static LettuceConnectionFactory connect(String url, Duration commandTimeout) {
        return connect(LettuceConnectionFactory.createRedisConfiguration(url), commandTimeout);
    }

    public static LettuceConnectionFactory connect(RedisConfiguration target, Duration commandTimeout) {
        GenericObjectPoolConfig<StatefulConnection<?, ?>> pipelines = new GenericObjectPoolConfig<>();
        pipelines.setMaxTotal(PIPELINE_CONNECTIONS);
        pipelines.setMaxIdle(PIPELINE_CONNECTIONS);
        pipelines.setMaxWait(commandTimeout);
        LettuceClientConfiguration client = LettucePoolingClientConfiguration.builder()
                .poolConfig(pipelines)
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
