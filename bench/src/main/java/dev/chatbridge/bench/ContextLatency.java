package dev.chatbridge.bench;

import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.redis.RedisConnections;
import dev.chatbridge.core.redis.RedisStorage;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The context store's two calls on a turn's path, timed one at a time against a real, idle, dedicated Redis on
 * loopback: {@link ConversationStore#beginTurn} (history, settings, TTLs, last question) and
 * {@link ConversationStore#appendPair} (the Lua script that saves the pair). The history holds {@value #TURNS}
 * turns of about 500 characters; each append drops the oldest pair, so it stays that size.
 */
final class ContextLatency {

    static final int TURNS = 20;
    private static final int WARMUP = 1_000;
    private static final int MEASURED = 3_000;

    record Figures(Stats beginTurn, Stats appendPair) {}

    private ContextLatency() {}

    static Figures measure() {
        try (RedisTestServer.Dedicated redis = Scenarios.dedicatedRedis()) {
            LettuceConnectionFactory factory = RedisConnections.connect(redis.url(), Duration.ofSeconds(2));
            try {
                ConversationStore store = RedisStorage.of(
                                new StringRedisTemplate(factory),
                                CoreStorage.Settings.defaults(Duration.ofDays(7), 200))
                        .conversations();
                ConversationKey key = new ConversationKey("telegram", "4242", "4242");
                String answer = Answer.TEXT.substring(0, 500);
                for (int i = 0; i < TURNS / 2; i++) {
                    store.appendPair(key, 0, Turn.user("question " + i), Turn.assistant(answer));
                }
                List<Double> begin = new ArrayList<>();
                List<Double> append = new ArrayList<>();
                for (int i = 0; i < WARMUP + MEASURED; i++) {
                    long t0 = System.nanoTime();
                    ConversationStore.Snapshot snapshot = store.beginTurn(key, "4242", "question " + i);
                    long t1 = System.nanoTime();
                    store.appendPair(key, 2, Turn.user("question " + i), Turn.assistant(answer));
                    long t2 = System.nanoTime();
                    if (snapshot.history().size() != TURNS) {
                        throw new IllegalStateException(
                                "history has " + snapshot.history().size() + " turns");
                    }
                    if (i >= WARMUP) {
                        begin.add((t1 - t0) / 1e6);
                        append.add((t2 - t1) / 1e6);
                    }
                }
                return new Figures(Stats.of(begin), Stats.of(append));
            } finally {
                factory.destroy();
            }
        }
    }
}
