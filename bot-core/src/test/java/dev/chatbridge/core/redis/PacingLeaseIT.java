package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.pipeline.ConversationQueue;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The pacing lease of a private chat, between two replicas on one real Redis: the replica that admitted the
 * message (and holds the conversation's lock) paces the chat in-process, and the other may not call the chat until
 * the lease is handed back, and then only one interval after the holder's last call.
 */
class PacingLeaseIT {

    private static final Duration INTERVAL = Duration.ofMillis(800);

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

    /** One replica's view of Redis: its leases, lock, queue and pacer. */
    private record Replica(
            PacingLeases leases, RedisConversationLock lock, RedisConversationQueue queue, RedisChatPacer pacer)
            implements AutoCloseable {

        static Replica start() {
            PacingLeases leases = new PacingLeases();
            RedisConversationLock lock = new RedisConversationLock(redis, Duration.ofSeconds(6), leases);
            RedisConversationQueue queue = new RedisConversationQueue(
                    redis,
                    lock,
                    leases,
                    () -> null,
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(1),
                    Duration.ofHours(1),
                    50);
            return new Replica(leases, lock, queue, new RedisChatPacer(redis, leases));
        }

        @Override
        public void close() {
            lock.close();
        }
    }

    @Test
    void anotherReplicaWaitsForTheLeaseAndThenOneIntervalAfterTheHoldersLastCall() throws Exception {
        String chat = "tg:" + UUID.randomUUID();
        String conversation = chat + ":1";
        try (Replica holder = Replica.start();
                Replica other = Replica.start();
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            ConversationQueue.Admission admitted = holder.queue()
                    .admit(
                            conversation,
                            "tg",
                            UUID.randomUUID().toString(),
                            "item",
                            new ConversationQueue.AccessQuery("1", true, true),
                            true,
                            new ConversationQueue.Pacing(chat, INTERVAL))
                    .orElseThrow();
            assertThat(admitted.lock()).isNotNull();
            String token = admitted.lock().token();
            assertThat(redis.opsForValue().get(PacingLeases.key(chat))).isEqualTo("L:" + token);

            // The holder's two calls are paced here, an interval apart, and leave the lease in place.
            holder.pacer().awaitTurn(chat, INTERVAL);
            holder.pacer().awaitTurn(chat, INTERVAL);
            long holderLastCall = System.nanoTime();
            assertThat(redis.opsForValue().get(PacingLeases.key(chat))).isEqualTo("L:" + token);

            CompletableFuture<Long> otherCall = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            other.pacer().awaitTurn(chat, INTERVAL);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return System.nanoTime();
                    },
                    threads);
            // The answer is done: the step that finishes it hands the lease back with the wait still due.
            ConversationQueue.Completion done = holder.queue().complete(conversation, List.of("item"), token, null);
            admitted.lock().close();
            assertThat(done.held()).isTrue();
            assertThat(done.more()).isFalse();
            assertThat(holder.leases().tokenFor(chat)).isEmpty();

            long otherAt = otherCall.get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(otherAt - holderLastCall))
                    .as("the other replica's first call after the holder's last")
                    .isGreaterThanOrEqualTo(INTERVAL.minusMillis(20));
        }
    }
}
