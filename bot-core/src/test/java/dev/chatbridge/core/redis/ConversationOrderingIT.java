package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.conversation.AnsweredTurn;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.pipeline.ConversationLock;
import dev.chatbridge.core.pipeline.ConversationQueue;
import dev.chatbridge.core.pipeline.UpdateDeduplicator;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        ConversationQueue queue = queue();
        String conversation = "tg:" + UUID.randomUUID() + ":1";
        for (String item : List.of("one", "two", "three")) {
            assertThat(queue.enqueueIfNew(conversation, "tg", conversation + item, item))
                    .isTrue();
        }
        assertThat(queue.enqueueIfNew(conversation, "tg", conversation + "two", "two"))
                .as("a repeated event is not queued again")
                .isFalse();
        assertThat(queue.waiting(10_000)).contains(conversation);

        try (RedisConversationLock lock = new RedisConversationLock(redis, Duration.ofSeconds(5))) {
            ConversationLock.Held held = lock.tryAcquire(conversation).orElseThrow();
            assertThat(queue.head(conversation)).contains("one");
            queue.complete(conversation, List.of("two"), held.token(), null);
            assertThat(queue.head(conversation))
                    .as("only the head can be completed")
                    .contains("one");
            assertThat(queue.complete(conversation, List.of("one"), held.token(), null))
                    .isEqualTo(new ConversationQueue.Completion(true, true));
            queue.complete(conversation, List.of("two"), held.token(), null);
            assertThat(queue.head(conversation)).contains("three");
            assertThat(queue.complete(conversation, List.of("three"), held.token(), null))
                    .as("the last item releases the lock")
                    .isEqualTo(new ConversationQueue.Completion(true, false));
            assertThat(queue.head(conversation)).isEmpty();
            assertThat(queue.waiting(10_000)).doesNotContain(conversation);
            assertThat(redis.hasKey("cb:lock:" + conversation)).isFalse();
        }
    }

    @Test
    void savesTheTurnAndFinishesTheItemInOneStepOnlyWhileTheLockIsHeld() {
        ConversationQueue queue = queue();
        ConversationKey key = new ConversationKey("tg", UUID.randomUUID().toString(), "7");
        String conversation = key.id();
        queue.enqueueIfNew(conversation, "tg", conversation + "-1", "question");
        AnsweredTurn turn = new AnsweredTurn(key, 0, Turn.user("question"), Turn.assistant("answer"));
        try (RedisConversationLock lock = new RedisConversationLock(redis, Duration.ofSeconds(5))) {
            ConversationLock.Held held = lock.tryAcquire(conversation).orElseThrow();
            redis.opsForValue().set("cb:lock:" + conversation, "another replica's token");

            assertThat(queue.complete(conversation, List.of("question"), held.token(), turn))
                    .as("fenced out: the lock is another replica's now")
                    .isEqualTo(new ConversationQueue.Completion(false, false));
            assertThat(redis.opsForList().size("cb:ctx:" + conversation)).isZero();
            assertThat(queue.head(conversation)).contains("question");

            redis.delete("cb:lock:" + conversation);
            ConversationLock.Held mine = lock.tryAcquire(conversation).orElseThrow();
            assertThat(queue.complete(conversation, List.of("question"), mine.token(), turn))
                    .isEqualTo(new ConversationQueue.Completion(true, false));
            assertThat(redis.opsForList().range("cb:ctx:" + conversation, 0, -1))
                    .hasSize(2)
                    .first()
                    .asString()
                    .contains("question");
            assertThat(queue.head(conversation)).isEmpty();
        }
    }

    @Test
    void countsAttemptsAcrossReplicasAndSetsAGivenUpMessageAside() {
        ConversationQueue queue = queue();
        String conversation = "tg:" + UUID.randomUUID() + ":1";
        queue.enqueueIfNew(conversation, "tg", conversation + "-poison", "poison");
        queue.enqueueIfNew(conversation, "tg", conversation + "-next", "next");
        assertThat(queue.beginAttempt(conversation, "poison")).isEqualTo(1);
        assertThat(queue().beginAttempt(conversation, "poison"))
                .as("another replica")
                .isEqualTo(2);
        queue.withdrawAttempt(conversation, "poison");
        assertThat(queue.beginAttempt(conversation, "poison")).isEqualTo(2);
        long deadBefore = queue.deadLetters();

        try (RedisConversationLock lock = new RedisConversationLock(redis, Duration.ofSeconds(5))) {
            ConversationLock.Held held = lock.tryAcquire(conversation).orElseThrow();
            assertThat(queue.deadLetter(conversation, List.of("poison"), held.token(), "crashed"))
                    .isEqualTo(new ConversationQueue.Completion(true, true));
        }
        assertThat(queue.deadLetters()).isEqualTo(deadBefore + 1);
        assertThat(redis.opsForList().index("cb:dead", 0)).contains("poison").contains("crashed");
        assertThat(queue.head(conversation)).contains("next");
        assertThat(queue.beginAttempt(conversation, "next")).isEqualTo(1);
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
    void aHolderThatCannotRenewLearnsItLostTheLock() throws Exception {
        String conversation = "tg:" + UUID.randomUUID() + ":1";
        try (RedisConversationLock lock = new RedisConversationLock(redis, Duration.ofMillis(900))) {
            ConversationLock.Held held = lock.tryAcquire(conversation).orElseThrow();
            CountDownLatch told = new CountDownLatch(1);
            held.onLost(told::countDown);
            redis.opsForValue().set("cb:lock:" + conversation, "another replica's token");

            assertThat(told.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(held.lost()).isTrue();
            held.close();
            assertThat(redis.opsForValue().get("cb:lock:" + conversation))
                    .as("closing a lost lock leaves the new holder's alone")
                    .isEqualTo("another replica's token");
        }
    }

    @Test
    void claimsAnEventOnlyOnce() {
        UpdateDeduplicator deduplicator = new RedisUpdateDeduplicator(redis, Duration.ofMinutes(1));
        String event = UUID.randomUUID().toString();
        assertThat(deduplicator.firstDelivery("tg", event)).isTrue();
        assertThat(deduplicator.firstDelivery("tg", event)).isFalse();
    }

    private static ConversationQueue queue() {
        PacingLeases pacing = new PacingLeases();
        return new RedisConversationQueue(
                redis,
                new RedisConversationLock(redis, Duration.ofSeconds(5), pacing),
                pacing,
                () -> null,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                50);
    }
}
