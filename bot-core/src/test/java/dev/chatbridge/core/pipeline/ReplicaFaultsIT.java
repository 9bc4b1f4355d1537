package dev.chatbridge.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.chat.ScriptedChatUpstream;
import dev.chatbridge.core.chat.UpstreamEvent;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.redis.RedisConnections;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import reactor.core.publisher.Flux;

/**
 * Two replicas on one real Redis, each with its own gateway: what happens when a replica loses a
 * conversation's lock in the middle of an answer, and when /cancel reaches the replica that is not
 * writing the answer.
 */
class ReplicaFaultsIT {

    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<ChatBridgeCore> replicas = new ArrayList<>();
    private final Map<String, InMemoryChannel> chats = new ConcurrentHashMap<>();
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private String chatId;
    private InMemoryChannel channel;
    private int events;

    @BeforeEach
    void connect() {
        connections = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        redis = new StringRedisTemplate(connections);
        chatId = "chat-" + UUID.randomUUID();
        channel = new InMemoryChannel("tg", chatId);
        chats.put(chatId, channel);
    }

    @AfterEach
    void stop() {
        replicas.forEach(core -> core.shutdown(Duration.ZERO));
        connections.destroy();
    }

    @Test
    void aReplicaWhoseLockIsDeletedMidAnswerStopsAndTheMessageIsSavedOnce() throws Exception {
        startStory();
        replica(ScriptedChatUpstream.echoing());
        redis.delete(lockKey());

        FakeTelegramBotApi.await(
                "the message answered again in full", () -> channel.texts().contains("re: Tell me a long story"), WAIT);
        FakeTelegramBotApi.await(
                "the first answer closed with a note",
                () -> channel.texts().stream().anyMatch(text -> text.contains(Text.TAKEN_OVER.in(Language.EN))),
                WAIT);
        awaitQuiet();
        assertThat(redis.opsForList().range(contextKey(), 0, -1))
                .as("exactly one question/answer pair")
                .hasSize(2)
                .last()
                .asString()
                .contains("re: Tell me a long story");
    }

    @Test
    void aReplicaThatStalledPastItsLeaseSavesNothingWhileTheNewHolderAnswers() throws Exception {
        startStory();
        replica(ScriptedChatUpstream.echoing());
        // As if another replica took the lock after this one stalled past its lease; it lapses unrenewed.
        redis.opsForValue().set(lockKey(), "a stalled replica's successor", LEASE);

        FakeTelegramBotApi.await(
                "the message answered again in full", () -> channel.texts().contains("re: Tell me a long story"), WAIT);
        awaitQuiet();
        assertThat(redis.opsForList().range(contextKey(), 0, -1))
                .as("exactly one question/answer pair")
                .hasSize(2);
    }

    @Test
    void cancelReachesTheReplicaThatIsWritingTheAnswer() throws Exception {
        startStory();
        ChatBridgeCore other = replica(ScriptedChatUpstream.echoing());
        other.engine().accept(message("/cancel"), channel);

        FakeTelegramBotApi.await(
                "the story stopped",
                () -> channel.texts().stream().anyMatch(t -> t.contains(Text.CANCELLED.in(Language.EN))),
                WAIT);
        FakeTelegramBotApi.await(
                "the /cancel answered", () -> channel.texts().contains(Text.CANCEL_REQUESTED.in(Language.EN)), WAIT);
        awaitQuiet();
        assertThat(redis.opsForList().size(contextKey()))
                .as("a stopped answer is not kept")
                .isZero();
    }

    /**
     * A replica starts writing a long story; the others start after it, so none of them can take
     * the conversation first.
     */
    private void startStory() {
        replica(ScriptedChatUpstream.echoing().then(slowStory()))
                .engine()
                .accept(message("Tell me a long story"), channel);
        FakeTelegramBotApi.await(
                "the story streaming", () -> channel.texts().stream().anyMatch(t -> t.contains("word")), WAIT);
    }

    /** Forty words, one every 150 ms: long enough to interfere with. */
    private static Flux<UpstreamEvent> slowStory() {
        return Flux.range(1, 40)
                .delayElements(Duration.ofMillis(150))
                .map(i -> new UpstreamEvent.TextDelta("word" + i + " "));
    }

    private ChatBridgeCore replica(ScriptedChatUpstream gateway) {
        ChatBridgeCore core = TestReplicas.onRedis(redis, LEASE, gateway);
        core.channels().register("tg", address -> chats.get(address.chatId()));
        core.startBackgroundWork(Duration.ofSeconds(5), Duration.ofMillis(100));
        replicas.add(core);
        return core;
    }

    private void awaitQuiet() {
        FakeTelegramBotApi.await(
                "no answer in flight and the queue empty",
                () -> replicas.stream().allMatch(core -> core.activeAnswers().count() == 0)
                        && redis.opsForList().size("cb:queue:" + conversationId()) == 0,
                WAIT);
    }

    private UserMessage message(String text) {
        return new UserMessage(
                "tg", chatId + "-" + ++events, chatId, UserMessage.ChatKind.PRIVATE, "ada", "Ada", "en", text);
    }

    private String conversationId() {
        return new ConversationKey("tg", chatId, "ada").id();
    }

    private String lockKey() {
        return "cb:lock:" + conversationId();
    }

    private String contextKey() {
        return "cb:ctx:" + conversationId();
    }
}
