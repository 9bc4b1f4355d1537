package dev.chatbridge.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.message.AlbumPart;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.redis.RedisConnections;
import dev.chatbridge.core.redis.RedisStorage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Replicas sharing one Redis answer each conversation's messages once, in order, one at a time, and take over a dead one's. */
class ConversationPipelineIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LettuceConnectionFactory factory;
    private static StringRedisTemplate redis;

    private final List<ConversationPipeline> replicas = new ArrayList<>();
    private final List<ConversationLock> locks = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final ChannelDirectory channels = new ChannelDirectory();
    /** Answers by conversation, in the order they were given, as "replica:text". */
    private final Map<String, List<String>> answers = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
    private static final String POISON = "a message that breaks every answer";
    private final AtomicInteger poisonAttempts = new AtomicInteger();
    private final List<String> givenUp = new CopyOnWriteArrayList<>();
    private final AtomicInteger overlaps = new AtomicInteger();

    @BeforeAll
    static void connect() {
        factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        redis = new StringRedisTemplate(factory);
    }

    @AfterAll
    static void disconnect() {
        factory.destroy();
    }

    @AfterEach
    void stopReplicas() throws InterruptedException {
        for (ConversationPipeline pipeline : replicas) {
            pipeline.stop(Duration.ZERO);
        }
        executors.forEach(ExecutorService::shutdownNow);
        locks.forEach(ConversationLock::close);
    }

    @Test
    void answersEachMessageOnceInOrderWhicheverReplicaReceivedIt() {
        ConversationPipeline replicaA = replica("A", Duration.ofSeconds(5));
        ConversationPipeline replicaB = replica("B", Duration.ofSeconds(5));
        String chat1 = UUID.randomUUID().toString();
        String chat2 = UUID.randomUUID().toString();
        for (int i = 0; i < 20; i++) {
            for (String chat : List.of(chat1, chat2)) {
                UserMessage message = message(chat, i);
                ConversationPipeline receiver = i % 2 == 0 ? replicaA : replicaB;
                ConversationPipeline other = receiver == replicaA ? replicaB : replicaA;
                assertThat(receiver.accept(chat, message, channel(chat), null)).isTrue();
                if (i % 3 == 0) {
                    assertThat(other.accept(chat, message, channel(chat), null))
                            .as("a repeat")
                            .isFalse();
                }
            }
        }

        List<String> expected =
                IntStream.range(0, 20).mapToObj(i -> "message " + i).toList();
        for (String chat : List.of(chat1, chat2)) {
            FakeTelegramBotApi.await("20 answers in " + chat, () -> texts(chat).size() >= 20, WAIT);
            assertThat(texts(chat)).containsExactlyElementsOf(expected);
        }
        assertThat(overlaps.get())
                .as("answers of one conversation running at the same time")
                .isZero();
    }

    @Test
    void takesOverTheQueueOfAReplicaThatDied() throws Exception {
        String chat = UUID.randomUUID().toString();
        // The dead replica holds the conversation and no longer renews its lease.
        ConversationLock dead = storage(Duration.ofSeconds(2)).lock();
        assertThat(dead.tryAcquire(chat)).isPresent();
        dead.close();
        ConversationPipeline survivor = replica("B", Duration.ofSeconds(5));
        survivor.start(Duration.ofMillis(100));
        UserMessage message = message(chat, 1);
        assertThat(survivor.accept(chat, message, channel(chat), null)).isTrue();

        Thread.sleep(300);
        assertThat(texts(chat)).as("still held by the dead replica").isEmpty();
        FakeTelegramBotApi.await("the survivor's answer", () -> texts(chat).size() == 1, WAIT);
        assertThat(answers.get(chat)).containsExactly("B:message 1");
    }

    @Test
    void anAlbumSplitOverTwoReplicasIsAnsweredOnceAndALaterMessageEndsItsWait() {
        ConversationPipeline replicaA = replica("A", Duration.ofSeconds(5));
        ConversationPipeline replicaB = replica("B", Duration.ofSeconds(5));
        String chat = UUID.randomUUID().toString();
        // A quiet time far beyond WAIT: only the message after the album can end the wait in time.
        List<String> captions = List.of("compare these", "", "");
        for (int i = 0; i < captions.size(); i++) {
            UserMessage message = new UserMessage(
                    "test", chat + "-part-" + i, chat, UserMessage.ChatKind.PRIVATE, "7", "Ada", "en", captions.get(i));
            ConversationPipeline receiver = i % 2 == 0 ? replicaA : replicaB;
            assertThat(receiver.accept(
                            chat,
                            message,
                            channel(chat),
                            new AlbumPart(message, "album-1", true, Duration.ofMinutes(5))))
                    .isTrue();
        }
        UserMessage after = message(chat, 1);
        assertThat(replicaB.accept(chat, after, channel(chat), null)).isTrue();

        FakeTelegramBotApi.await("two answers", () -> texts(chat).size() >= 2, WAIT);
        assertThat(texts(chat)).containsExactly("compare these", "message 1");
    }

    @Test
    void anAlbumThatDoesNotSpeakToTheBotIsDroppedAndTheNextMessageAnswered() {
        ConversationPipeline replica = replica("A", Duration.ofSeconds(5));
        String chat = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            UserMessage message = new UserMessage(
                    "test",
                    chat + "-holiday-" + i,
                    chat,
                    UserMessage.ChatKind.GROUP,
                    "7",
                    "Ada",
                    "en",
                    i == 0 ? "our holiday" : "");
            assertThat(replica.accept(
                            chat,
                            message,
                            channel(chat),
                            new AlbumPart(message, "holiday", false, Duration.ofMillis(200))))
                    .isTrue();
        }
        FakeTelegramBotApi.await(
                "the album handled",
                () -> storage(Duration.ofSeconds(5)).queue().head(chat).isEmpty(),
                WAIT);
        UserMessage next = message(chat, 2);
        assertThat(replica.accept(chat, next, channel(chat), null)).isTrue();

        FakeTelegramBotApi.await("the next answer", () -> !texts(chat).isEmpty(), WAIT);
        assertThat(texts(chat)).containsExactly("message 2");
    }

    @Test
    void aMessageWhoseAnswerKeepsFailingIsSetAsideAfterThreeAttemptsOnAnyReplica() {
        ConversationPipeline replicaA = replica("A", Duration.ofSeconds(5));
        ConversationPipeline replicaB = replica("B", Duration.ofSeconds(5));
        replicaA.start(Duration.ofMillis(100));
        replicaB.start(Duration.ofMillis(100));
        long deadBefore = storage(Duration.ofSeconds(5)).queue().deadLetters();
        String chat = UUID.randomUUID().toString();
        UserMessage poison =
                new UserMessage("test", chat + "-poison", chat, UserMessage.ChatKind.PRIVATE, "7", "Ada", "en", POISON);
        assertThat(replicaA.accept(chat, poison, channel(chat), null)).isTrue();
        assertThat(replicaB.accept(chat, message(chat, 1), channel(chat), null)).isTrue();

        FakeTelegramBotApi.await("the next message answered", () -> texts(chat).size() == 1, WAIT);
        assertThat(texts(chat)).containsExactly("message 1");
        assertThat(poisonAttempts.get()).isEqualTo(ConversationPipeline.DEFAULT_MAX_ATTEMPTS);
        assertThat(givenUp).containsExactly(POISON + " after " + ConversationPipeline.DEFAULT_MAX_ATTEMPTS);
        assertThat(storage(Duration.ofSeconds(5)).queue().deadLetters()).isEqualTo(deadBefore + 1);
    }

    private ConversationPipeline replica(String name, Duration lease) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ConversationLock lock = storage(lease).lock();
        executors.add(executor);
        locks.add(lock);
        ConversationPipeline.Answerer answerer = new ConversationPipeline.Answerer() {
            @Override
            public void answerQueued(UserMessage message, Language language, ChatChannel channel) {
                if (message.text().equals(POISON)) {
                    poisonAttempts.incrementAndGet();
                    throw new IllegalStateException("this message breaks every answer");
                }
                AtomicInteger running = inside.computeIfAbsent(message.chatId(), id -> new AtomicInteger());
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    Thread.sleep(message.text().endsWith("0") ? 30 : 2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answers.computeIfAbsent(message.chatId(), id -> new CopyOnWriteArrayList<>())
                        .add(name + ":" + message.text());
                running.decrementAndGet();
            }

            @Override
            public void giveUp(UserMessage message, Language language, ChatChannel channel, int attempts) {
                givenUp.add(message.text() + " after " + attempts);
            }
        };
        CoreStorage storage = storage(Duration.ofSeconds(5));
        ConversationQueue queue = storage.queue();
        ConversationPipeline pipeline = new ConversationPipeline(
                queue,
                lock,
                channels,
                new AttachmentDirectory(),
                new ActiveAnswers(),
                answerer,
                new QueuedTurns(queue, storage.conversations()),
                ConversationPipeline.DEFAULT_MAX_ATTEMPTS,
                executor);
        channels.register("test", address -> channel(address.chatId()));
        replicas.add(pipeline);
        return pipeline;
    }

    private List<String> texts(String chat) {
        return answers.getOrDefault(chat, List.of()).stream()
                .map(answer -> answer.substring(2))
                .toList();
    }

    private static CoreStorage storage(Duration lease) {
        return RedisStorage.of(redis, new CoreStorage.Settings(Duration.ofHours(1), 50, Duration.ofMinutes(5), lease));
    }

    private static UserMessage message(String chat, int index) {
        return new UserMessage(
                "test", chat + "-" + index, chat, UserMessage.ChatKind.PRIVATE, "7", "Ada", "en", "message " + index);
    }

    private static ChatChannel channel(String chat) {
        return new ChatChannel() {
            @Override
            public ChannelLimits limits() {
                return new ChannelLimits(4096, Duration.ZERO, false);
            }

            @Override
            public String pacingKey() {
                return "test:" + chat;
            }

            @Override
            public Optional<ChannelDirectory.Address> address() {
                return Optional.of(new ChannelDirectory.Address("test", chat, null));
            }

            @Override
            public MessageRef send(OutgoingText text) {
                return new MessageRef("1");
            }

            @Override
            public void edit(MessageRef message, OutgoingText text) {}

            @Override
            public void typing() {}
        };
    }
}
