package dev.chatbridge.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.chat.ScriptedChatUpstream;
import dev.chatbridge.core.chat.UpstreamEvent;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.redis.RedisConnections;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Redis restarting (with its data, as an operator's Redis with an append-only file does) just as an
 * answer ends: the answer has reached the user, so it must be saved and its message finished once
 * Redis is back, not answered a second time.
 */
class RedisRestartIT {

    /** Longer than the outage, so the lock outlives it, as the default lease outlives a restart. */
    private static final Duration LEASE = Duration.ofSeconds(20);

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisTestServer.Dedicated server;
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private ChatBridgeCore replica;
    private final InMemoryChannel channel = new InMemoryChannel("tg", "restart-chat");

    @BeforeEach
    void start() {
        server = RedisTestServer.startDedicatedPersistent();
        connections = RedisConnections.connect(server.url(), Duration.ofSeconds(1));
        redis = new StringRedisTemplate(connections);
    }

    @AfterEach
    void stop() {
        if (replica != null) {
            replica.shutdown(Duration.ZERO);
        }
        connections.destroy();
        server.close();
    }

    @Test
    void anAnswerThatEndsWhileRedisRestartsIsSavedOnceAndNotAnsweredAgain() {
        Sinks.One<UpstreamEvent> lastWords = Sinks.one();
        ScriptedChatUpstream gateway = ScriptedChatUpstream.echoing()
                .then(Flux.concat(ScriptedChatUpstream.text("The first words, "), lastWords.asMono()));
        replica = replica(gateway);
        replica.engine().accept(message("Tell me something"), channel);
        FakeTelegramBotApi.await(
                "the answer streaming",
                () -> channel.texts().stream().anyMatch(text -> text.contains("first words")),
                WAIT);

        server.stop();
        lastWords.tryEmitValue(new UpstreamEvent.TextDelta("and the last."));
        FakeTelegramBotApi.await(
                "the whole answer on screen while Redis is down",
                () -> channel.texts().contains("The first words, and the last."),
                WAIT);
        server.start();

        FakeTelegramBotApi.await(
                "the answered message finished: queue empty, lock released",
                () -> whenReachable(() -> redis.opsForList().size("cb:queue:" + conversationId()) == 0
                        && !redis.hasKey("cb:lock:" + conversationId())),
                WAIT);
        assertThat(redis.opsForList().range("cb:ctx:" + conversationId(), 0, -1))
                .as("the question and its answer saved once")
                .hasSize(2)
                .last()
                .asString()
                .contains("The first words, and the last.");
        replica.engine().accept(message("And now?"), channel);
        FakeTelegramBotApi.await("the next answer", () -> channel.texts().contains("re: And now?"), WAIT);
        assertThat(gateway.questions())
                .as("the first message was asked of the gateway once")
                .containsExactly("Tell me something", "And now?");
    }

    /** The test's own connection may still be reconnecting just after the restart: then not yet. */
    private static boolean whenReachable(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (DataAccessException e) {
            return false;
        }
    }

    private ChatBridgeCore replica(ScriptedChatUpstream gateway) {
        ChatBridgeCore core = TestReplicas.onRedis(redis, LEASE, gateway);
        core.channels().register("tg", address -> channel);
        core.startBackgroundWork(Duration.ofSeconds(5), Duration.ofMillis(100));
        return core;
    }

    private UserMessage message(String text) {
        return new UserMessage(
                "tg",
                "restart-" + text.hashCode(),
                "restart-chat",
                UserMessage.ChatKind.PRIVATE,
                "ada",
                "Ada",
                "en",
                text);
    }

    private String conversationId() {
        return new ConversationKey("tg", "restart-chat", "ada").id();
    }
}
