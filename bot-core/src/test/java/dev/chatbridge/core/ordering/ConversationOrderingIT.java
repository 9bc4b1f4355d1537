package dev.chatbridge.core.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.conversation.RedisConnections;
import dev.chatbridge.testsupport.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

class ConversationOrderingIT {

    private static LettuceConnectionFactory factory;
    private static StringRedisTemplate redis;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

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
    void runsOneConversationsWorkInArrivalOrderOneAtATime() {
        ConversationSequencer sequencer = new ConversationSequencer(executor);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int item = i;
            futures.add(sequencer.submit("conv", () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(item % 3 == 0 ? 15 : 1);
                order.add(item);
                running.decrementAndGet();
            }));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

        assertThat(order).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
        assertThat(maxRunning.get()).isEqualTo(1);
    }

    @Test
    void letsOnlyOneReplicaHoldAConversationAtATime() throws Exception {
        String conversation = "tg:" + UUID.randomUUID() + ":1";
        try (ConversationLock replicaA = new ConversationLock(redis, Duration.ofSeconds(5), Duration.ofSeconds(10));
                ConversationLock replicaB = new ConversationLock(redis, Duration.ofSeconds(5), Duration.ofSeconds(10))) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ConversationLock lock = i % 2 == 0 ? replicaA : replicaB;
                work.add(CompletableFuture.runAsync(() -> {
                    try (ConversationLock.Held held = lock.acquire(conversation)) {
                        if (inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        sleep(20);
                        inside.decrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, executor));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
            assertThat(overlaps.get()).isZero();
        }
    }

    @Test
    void renewsTheLeaseWhileHeldSoLongAnswersKeepTheLock() throws Exception {
        String conversation = "tg:" + UUID.randomUUID() + ":1";
        try (ConversationLock lock = new ConversationLock(redis, Duration.ofMillis(300), Duration.ofSeconds(10))) {
            try (ConversationLock.Held held = lock.acquire(conversation)) {
                Thread.sleep(900);
                assertThat(redis.hasKey("cb:lock:" + conversation)).isTrue();
            }
            assertThat(redis.hasKey("cb:lock:" + conversation)).isFalse();
        }
    }

    @Test
    void claimsAnEventOnlyOnce() {
        UpdateDeduplicator deduplicator = new UpdateDeduplicator(redis, Duration.ofMinutes(1));
        String event = UUID.randomUUID().toString();
        assertThat(deduplicator.firstDelivery("tg", event)).isTrue();
        assertThat(deduplicator.firstDelivery("tg", event)).isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
