package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.chat.CancelRequests;
import dev.chatbridge.core.pipeline.ConversationLock;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** /cancel is passed on only when another replica holds the conversation, never for this replica's own lock. */
class CancelRequestsIT {

    private LettuceConnectionFactory factory;
    private StringRedisTemplate redis;
    private RedisStorage storage;
    private final String conversationId = "tg:" + UUID.randomUUID() + ":ada";

    @BeforeEach
    void connect() {
        factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        redis = new StringRedisTemplate(factory);
        storage = RedisStorage.of(
                redis, new CoreStorage.Settings(Duration.ofHours(1), 50, Duration.ofHours(1), Duration.ofSeconds(6)));
    }

    @AfterEach
    void close() {
        factory.destroy();
    }

    @Test
    void aConversationLockedByThisReplicaBetweenAnswersHasNothingToCancelElsewhere() {
        CancelRequests cancels = storage.cancelRequests();
        assertThat(cancels.requestElsewhere(conversationId, Language.EN))
                .as("nobody holds it")
                .isFalse();

        try (ConversationLock.Held held =
                storage.lock().tryAcquire(conversationId).orElseThrow()) {
            assertThat(cancels.requestElsewhere(conversationId, Language.EN))
                    .as("held here, as while this replica finishes an answer")
                    .isFalse();
        }

        redis.opsForValue().set(RedisConversationLock.KEY + conversationId, "another replica's token");
        assertThat(cancels.requestElsewhere(conversationId, Language.EN))
                .as("held by another replica")
                .isTrue();
    }
}
