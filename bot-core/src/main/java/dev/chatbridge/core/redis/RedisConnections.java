package dev.chatbridge.core.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

/**
 * How ChatBridge connects to Redis. Commands time out quickly and are rejected at once while
 * disconnected, so an outage is noticed at once instead of as a hang; Lettuce reconnects by
 * itself when Redis returns, trying at least twice a second.
 *
 * <p>Single commands share one connection. Spring Data Redis runs a pipeline on a dedicated
 * connection, which without a pool is a new TCP connection and handshake (three round trips) for
 * every pipeline, more than the pipeline saves; a small pool keeps those connections open.
 */
public final class RedisConnections {

    /** Pipelines in flight at once; more wait, at most the command timeout. */
    private static final int PIPELINE_CONNECTIONS = 16;
    /** The longest pause between reconnect attempts, and so how long a Redis that is back can go unnoticed. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(500);

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
        // Lettuce's default waits up to 30 s between reconnect attempts, and commands are rejected
        // until it reconnects: after a long outage, a Redis that is back would be reported down for
        // up to half a minute more. Half a second between attempts (a refused connect is cheap).
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(1), MAX_RECONNECT_DELAY, 2, java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        LettuceClientConfiguration client = LettucePoolingClientConfiguration.builder()
                .clientResources(resources)
                .poolConfig(pipelines)
                .commandTimeout(commandTimeout)
                .clientOptions(ClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                        .build())
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(target, client) {
            @Override
            public void destroy() {
                super.destroy();
                // Resources given to the factory are the giver's to release.
                resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
            }
        };
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
