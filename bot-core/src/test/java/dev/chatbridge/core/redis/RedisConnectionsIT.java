package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

class RedisConnectionsIT {

    @Test
    void pipelinesOneAfterAnotherReuseOneConnection() {
        LettuceConnectionFactory factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        try {
            StringRedisTemplate redis = new StringRedisTemplate(factory);
            List<Object> connectionIds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
                    connection.execute("CLIENT", "INFO".getBytes(StandardCharsets.US_ASCII)); // "id=7 addr=…"
                    return null;
                });
                connectionIds.add(String.valueOf(replies.getFirst()).split(" ")[0]);
            }
            // Without a pool each pipeline would open (and close) a connection of its own.
            assertThat(connectionIds).hasSize(5).containsOnly(connectionIds.getFirst());
        } finally {
            factory.destroy();
        }
    }
}
