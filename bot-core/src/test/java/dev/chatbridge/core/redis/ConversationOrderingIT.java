package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.pipeline.ConversationLock;
import dev.chatbridge.core.pipeline.ConversationQueue;
import dev.chatbridge.core.pipeline.UpdateDeduplicator;
import dev.chatbridge.testsupport.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

class ConversationOrderingIT {

    private static LettuceConnectionFactory factory;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void connect() {
        factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        redis = new StringRedisTemplate(factory);
    }

    @AfterAll
    static void disconnect() {
        factory.destroy();
    }

    @Test
    void letsOnlyOneReplicaHoldAConversationAtATime() {
        String conversation = "tg:" + UUID.randomUUID() + ":1";
        try (ConversationLock replicaA = new RedisConversationLock(redis, Duration.ofSeconds(5));
                ConversationLock replicaB = new RedisConversationLock(redis, Duration.ofSeconds(5))) {
            Optional<ConversationLock.Held> first = replicaA.tryAcquire(conversation);
            assertThat(first).isPresent();
            assertThat(replicaB.tryAcquire(conversation)).isEmpty();
            assertThat(replicaB.unheld(List.of(conversation, "tg:free:" + UUID.randomUUID())))
                    .singleElement()
                    .asString()
                    .startsWith("tg:free:");
            first.get().close();
            try (ConversationLock.Held second =
                    replicaB.tryAcquire(conversation).orElseThrow()) {
                assertThat(replicaA.tryAcquire(conversation)).isEmpty();
            }
        }
    }

    @Test
    void keepsAConversationsItemsInOrderUntilEachIsComplete() {
        ConversationQueue queue = new RedisConversationQueue(redis, Duration.ofMinutes(5), Duration.ofMinutes(1));
        String conversation = "tg:" + UUID.randomUUID() + ":1";
        for (String item : List.of("one", "two", "three")) {
            assertThat(queue.enqueueIfNew(conversation, "tg", conversation + item, item))
                    .isTrue();
        }
        assertThat(queue.enqueueIfNew(conversation, "tg", conversation + "two", "two"))
                .as("a repeated event is not queued again")
                .isFalse();
        assertThat(queue.waiting(10_000)).contains(conversation);

        assertThat(queue.head(conversation)).contains("one");
        queue.complete(conversation, "two");
        assertThat(queue.head(conversation))
                .as("only the head can be completed")
                .contains("one");
        queue.complete(conversation, "one");
        queue.complete(conversation, "two");
        assertThat(queue.head(conversation)).contains("three");
        queue.complete(conversation, "three");
        assertThat(queue.head(conversation)).isEmpty();
        assertThat(queue.waiting(10_000)).doesNotContain(conversation);
    }

    @Test
    void renewsTheLeaseWhileHeldSoLongAnswersKeepTheLock() throws Exception {
        String conversation = "tg:" + UUID.randomUUID() + ":1";
        // Renewed every third of the lease; a generous lease keeps a loaded machine from missing one.
        try (ConversationLock lock = new RedisConversationLock(redis, Duration.ofMillis(1500))) {
            try (ConversationLock.Held held = lock.tryAcquire(conversation).orElseThrow()) {
                Thread.sleep(4000);
                assertThat(redis.hasKey("cb:lock:" + conversation)).isTrue();
            }
            assertThat(redis.hasKey("cb:lock:" + conversation)).isFalse();
        }
    }

    @Test
    void claimsAnEventOnlyOnce() {
        UpdateDeduplicator deduplicator = new RedisUpdateDeduplicator(redis, Duration.ofMinutes(1));
        String event = UUID.randomUUID().toString();
        assertThat(deduplicator.firstDelivery("tg", event)).isTrue();
        assertThat(deduplicator.firstDelivery("tg", event)).isFalse();
    }
}
