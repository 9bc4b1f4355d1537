package dev.chatbridge.app;

import dev.chatbridge.core.redis.RedisConnections;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Redis is {@code REDIS_URL} when set; otherwise an embedded real redis-server is started. */
@Configuration(proxyBeanMethods = false)
@Import(EmbeddedRedisConfiguration.class)
class RedisConnectionConfiguration {

    @Bean(destroyMethod = "destroy")
    LettuceConnectionFactory redisConnectionFactory(
            ChatBridgeProperties properties, ObjectProvider<EmbeddedRedis> embedded) {
        String url = properties.redis().url();
        if (url.isBlank()) {
            return RedisConnections.connect(
                    new RedisStandaloneConfiguration(
                            "127.0.0.1", embedded.getObject().port()),
                    properties.redis().commandTimeout());
        }
        return RedisConnections.connect(url, properties.redis().commandTimeout());
    }
}
