package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.redis.RedisConnections;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

class EmbeddedRedisTest {

    @Test
    void keepsDataInItsFolderAcrossRestarts(@TempDir Path dataDir) {
        try (EmbeddedRedis redis = new EmbeddedRedis(dataDir)) {
            var factory = RedisConnections.connect(
                    new RedisStandaloneConfiguration("127.0.0.1", redis.port()), Duration.ofSeconds(2));
            new StringRedisTemplate(factory).opsForValue().set("survives", "yes");
            factory.destroy();
        }
        try (EmbeddedRedis redis = new EmbeddedRedis(dataDir)) {
            var factory = RedisConnections.connect(
                    new RedisStandaloneConfiguration("127.0.0.1", redis.port()), Duration.ofSeconds(2));
            assertThat(new StringRedisTemplate(factory).opsForValue().get("survives"))
                    .isEqualTo("yes");
            factory.destroy();
        }
    }
}
