package dev.chatbridge.core.chat;

import static dev.chatbridge.core.chat.ScriptedChatUpstream.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.InMemoryConversationStore;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.LimitKind;
import dev.chatbridge.core.quota.LimitedQuotas;
import dev.chatbridge.core.quota.QuotaSettings;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.tools.Tool;
import dev.chatbridge.core.tools.ToolBox;
import dev.chatbridge.core.tools.ToolCall;
import dev.chatbridge.core.tools.ToolCaller;
import dev.chatbridge.core.tools.ToolOutput;
import dev.chatbridge.core.tools.ToolSpec;
import dev.chatbridge.core.vision.VisionContext;
import dev.chatbridge.core.vision.VisionSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * One chat service for all tests, as its token counter takes a while to load; each test has a
 * conversation, a user and a chat of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatServiceTest {

    private static final Language EN = Language.EN;
    private static final int TOKEN_BUDGET = 256;

    private final InMemoryStorage storage = new InMemoryStorage();
    private final InMemoryConversationStore store = storage.conversations();
    private final ScriptedChatUpstream upstream = ScriptedChatUpstream.scripted();
    private final ActiveAnswers activeAnswers = new ActiveAnswers();
    private final WeatherTool weather = new WeatherTool();
    private final LimitedQuotas quotas = new LimitedQuotas(
            QuotaSettings.unlimited(),
            storage.limitOverrides(QuotaSettings.unlimited().limits()),
            storage.limitBuckets(),
            storage.usageLedger(),
            BridgeMetrics.none());
    private final ChatService chat = chatService();
    private int conversations;

    private ConversationKey key;
    private InMemoryChannel channel;

    @BeforeEach
    void newConversation() {
        conversations++;
        key = new ConversationKey("tg", "chat-" + conversations, "user-" + conversations);
        channel = new InMemoryChannel("tg", key.chatId());
        upstream.reset();
        weather.cities.clear();
    }

    @Test
    void deliversACompletedAnswerAndSavesTheQuestionWithIt() throws Exception {
        upstream.thenText("Paris is ", "the capital.");

        ChatService.Result result = ask("What is the capital of France?");

        assertThat(result).isEqualTo(ChatService.Result.COMPLETED);
        assertThat(channel.texts()).containsExactly("Paris is the capital.");
        assertThat(store.history(key))
                .containsExactly(Turn.user("What is the capital of France?"), Turn.assistant("Paris is the capital."));
        assertThat(upstream.requests()).singleElement().satisfies(request -> {
            assertThat(request.model()).isEqualTo("gpt-test");
            assertThat(request.question()).isEqualTo("What is the capital of France?");
            assertThat(request.history()).isEmpty();
        });
    }

    @Test
    void showsThePartialAnswerWithANoteAndSavesNothingWhenTheStreamBreaks() throws Exception {
        upstream.then(Flux.concat(
                text("The answer ", "is"),
                Flux.error(new UpstreamStreamException("the stream ended without data: [DONE]"))));

        ChatService.Result result = ask("What is the answer?");

        assertThat(result).isEqualTo(ChatService.Result.FAILED);
        assertThat(channel.texts()).containsExactly("The answer is\n\n" + Text.ERROR_STREAM_CUT.in(EN));
        assertThat(store.history(key)).isEmpty();
    }

    @Test
    void refusesAQuestionOverTheUsersLimitWithoutAskingTheGateway() throws Exception {
        QuotaUser user = new QuotaUser("tg", key.userId());
        quotas.setLimit(user, LimitKind.MESSAGES, 1); // as an admin's /limit does
        upstream.thenText("Hello!");
        ask("Hi");

        ChatService.Result result = ask("Hi again");

        assertThat(result).isEqualTo(ChatService.Result.REFUSED);
        assertThat(upstream.questions()).containsExactly("Hi");
        assertThat(channel.texts())
                .last()
                .asString()
                .startsWith("⏳ You're sending messages too fast (limit: 1 per minute)");
        assertThat(storage.usageLedger().user(user).refused()).isOne();
        assertThat(store.history(key)).containsExactly(Turn.user("Hi"), Turn.assistant("Hello!"));
    }

    @Test
    void trimsTheContextToTheTokenBudgetAndSaysSoOnce() throws Exception {
        List<Turn> earlier = seedLongPairs(4);
        upstream.thenText("First answer.").thenText("Second answer.");

        ask("First question?");
        List<Turn> sent = upstream.requests().getFirst().history();
        assertThat(sent).isNotEmpty().hasSizeLessThan(earlier.size());
        assertThat(earlier).endsWith(sent.toArray(Turn[]::new));
        assertThat(store.history(key))
                .as("the dropped turns are gone from storage too")
                .hasSize(sent.size() + 2)
                .endsWith(Turn.user("First question?"), Turn.assistant("First answer."));

        int storedBeforeSecond = seedLongPairs(4).size();
        ask("Second question?");

        assertThat(upstream.requests().get(1).history()).hasSizeLessThan(storedBeforeSecond);
        assertThat(channel.texts()).containsExactly(Text.CONTEXT_TRIMMED.in(EN), "First answer.", "Second answer.");
    }

    @Test
    void runsTheToolTheModelCallsAndSendsItsResultBackInTheNextRequest() throws Exception {
        upstream.thenToolCalls(new ToolCall("call-1", "weather", "{\"city\":\"Oslo\"}"))
                .thenText("It is 21 °C in Oslo.");

        ChatService.Result result = ask("How warm is Oslo?");

        assertThat(result).isEqualTo(ChatService.Result.COMPLETED);
        assertThat(weather.cities).containsExactly("Oslo");
        List<ChatRequest> requests = upstream.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.getFirst().tools()).extracting(ToolSpec::name).containsExactly("weather");
        assertThat(requests.getFirst().toolSteps()).isEmpty();
        assertThat(requests.get(1).toolSteps()).singleElement().satisfies(step -> {
            assertThat(step.calls()).extracting(ToolCall::id).containsExactly("call-1");
            assertThat(step.results())
                    .containsExactly(new ChatRequest.ToolResultMessage("call-1", "weather", WeatherTool.RESULT));
        });
        assertThat(channel.texts()).containsExactly("It is 21 °C in Oslo.");
        assertThat(store.history(key))
                .containsExactly(Turn.user("How warm is Oslo?"), Turn.assistant("It is 21 °C in Oslo."));
    }

    @Test
    void cancellingStopsTheAnswerAndTheGatewayStreamAndSavesNothing() throws Exception {
        CountDownLatch streamCancelled = new CountDownLatch(1);
        upstream.then(Flux.concat(text("Once upon a time"), Flux.<UpstreamEvent>never())
                .doOnCancel(streamCancelled::countDown));
        FutureTask<ChatService.Result> answer = new FutureTask<>(() -> ask("Tell me a story"));
        Thread.ofVirtual().start(answer);
        channel.awaitText("Once upon a time");

        assertThat(activeAnswers.cancel(key.id(), Text.CANCELLED.in(EN))).isTrue();

        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(ChatService.Result.CANCELLED);
        assertThat(streamCancelled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(channel.texts()).containsExactly("Once upon a time\n\n" + Text.CANCELLED.in(EN));
        assertThat(store.history(key)).isEmpty();
        assertThat(activeAnswers.cancel(key.id(), Text.CANCELLED.in(EN)))
                .as("nothing left to cancel")
                .isFalse();
    }

    @Test
    void showsTheFirstWordsBeforeTheFirstTokensMetricIsRecorded() throws Exception {
        // The first-token timer is registered when the first token arrives, which on a fresh process costs
        // milliseconds; hold that registration until the first words are visible (at most 10 s).
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryChannel watched = channel;
        AtomicReference<String> shownWhenRecorded = new AtomicReference<>();
        registry.config().onMeterAdded(meter -> {
            if (meter.getId().getName().equals("chatbridge.answer.first.token")) {
                try {
                    watched.awaitText("Paris");
                    shownWhenRecorded.set(String.join("|", watched.texts()));
                } catch (AssertionError | InterruptedException e) {
                    shownWhenRecorded.set("nothing: " + e.getMessage());
                }
            }
        });
        ChatService metered = chatService(new BridgeMetrics(registry));
        upstream.thenText("Paris is ", "the capital.");

        ChatService.Result result = metered.answer(key, key.userId(), "Capital of France?", List.of(), channel, EN);

        assertThat(result).isEqualTo(ChatService.Result.COMPLETED);
        assertThat(shownWhenRecorded.get()).isEqualTo("Paris is ");
        assertThat(registry.get("chatbridge.answer.first.token").timer().count())
                .isOne();
        assertThat(channel.texts()).containsExactly("Paris is the capital.");
    }

    private ChatService.Result ask(String question) throws InterruptedException {
        return chat.answer(key, key.userId(), question, List.of(), channel, EN);
    }

    /** Appends {@code pairs} question/answer pairs of about 50 tokens a turn; returns the whole history. */
    private List<Turn> seedLongPairs(int pairs) {
        String words = "word ".repeat(46).strip();
        for (int i = 0; i < pairs; i++) {
            store.appendPair(
                    key, 0, Turn.user("question " + i + ": " + words), Turn.assistant("answer " + i + ": " + words));
        }
        return store.history(key);
    }

    private ChatService chatService() {
        return chatService(BridgeMetrics.none());
    }

    private ChatService chatService(BridgeMetrics metrics) {
        BotSettings settings = new BotSettings("gpt-test", null, TOKEN_BUDGET, Duration.ofSeconds(30), false);
        return new ChatService(
                upstream,
                store,
                storage.pacer(),
                activeAnswers,
                settings,
                new VisionContext(VisionSettings.defaults(), Safeguards.none().urlFetcher()),
                new ToolBox(List.of(weather), 3),
                new AnswerGuards(quotas, metrics, Duration.ofSeconds(30)));
    }

    /** A tool that reports the same weather for every city and remembers which it was asked about. */
    private static final class WeatherTool implements Tool {
        static final String RESULT = "{\"celsius\":21}";
        final List<String> cities = new CopyOnWriteArrayList<>();

        @Override
        public ToolSpec spec() {
            return new ToolSpec("weather", "The weather in a city now", """
                    {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public ToolOutput call(JsonNode arguments, ToolCaller caller) {
            cities.add(arguments.path("city").asString());
            return ToolOutput.text(RESULT);
        }
    }
}
