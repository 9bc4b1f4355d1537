package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

class RedisConnectionsIT {

    /**
     * Lettuce doubles its pause between reconnect attempts up to 30 s by default: its attempts come
     * about 8.7 s and 17 s into an outage, so after a ten-second outage it would reject every command
     * for about seven more seconds although Redis is back.
     */
    @Test
    void aRedisThatIsBackIsUsedWithinASecondEvenAfterALongOutage() {
        try (var server = RedisTestServer.startDedicated()) {
            LettuceConnectionFactory factory = RedisConnections.connect(server.url(), Duration.ofSeconds(2));
            try {
                StringRedisTemplate redis = new StringRedisTemplate(factory);
                redis.opsForValue().set("k", "before");
                assertThat(pipelinedGet(redis)).isEqualTo("before");

                server.stop();
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                FakeTelegramBotApi.await(
                        "a ten-second outage",
                        () -> {
                            assertThat(works(() -> redis.opsForValue().get("k")))
                                    .as("down")
                                    .isFalse();
                            return System.nanoTime() - end >= 0;
                        },
                        Duration.ofSeconds(20));

                server.start();
                long back = System.nanoTime();
                FakeTelegramBotApi.await(
                        "commands and pipelines to work again",
                        () -> works(() -> redis.opsForValue().set("k", "after")) && works(() -> pipelinedGet(redis)),
                        Duration.ofSeconds(30));
                assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofMillis(1500));
                assertThat(pipelinedGet(redis)).isEqualTo("after");
            } finally {
                factory.destroy();
            }
        }
    }

    private static boolean works(Runnable command) {
        try {
            command.run();
            return true;
        } catch (DataAccessException e) {
            return false;
        }
    }

    private static @Nullable Object pipelinedGet(StringRedisTemplate redis) {
        return redis.executePipelined(new SessionCallback<Object>() {
                    @Override
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    public @Nullable Object execute(RedisOperations operations) {
                        operations.opsForValue().get("k");
                        return null;
                    }
                })
                .getFirst();
    }

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
