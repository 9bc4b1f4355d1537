package dev.chatbridge.core.pipeline;

import static dev.chatbridge.core.imagine.ScriptedMidjourneyProxy.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.ChatFeatures;
import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ChatRequest;
import dev.chatbridge.core.chat.ScriptedChatUpstream;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.imagine.ButtonKeys;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.ScriptedMidjourneyProxy;
import dev.chatbridge.core.imagine.ScriptedMidjourneyProxy.Action;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.InboundEvent;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine as {@link ChatBridgeCore} assembles it, over in-memory storage, an echoing gateway and
 * a scripted Midjourney proxy. One core for all tests, as building one loads a token counter; each
 * test talks in a chat of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BotEngineTest {

    private static final Language EN = Language.EN;
    private static final ImagineSettings IMAGINE = ImagineSettings.defaults(null);

    private final InMemoryStorage storage = new InMemoryStorage();
    private final ScriptedChatUpstream gateway = ScriptedChatUpstream.echoing();
    private final ScriptedMidjourneyProxy midjourney = new ScriptedMidjourneyProxy();
    private final ChatBridgeCore core = new ChatBridgeCore(
            storage,
            gateway,
            () -> List.of("gpt-test"),
            new BotSettings("gpt-test", null, 4000, Duration.ofSeconds(30), false),
            new AccessPolicy(Set.of("ada", "bea", "bob"), Set.of("root")),
            midjourney,
            IMAGINE,
            ChatFeatures.defaults("http://gateway.invalid", "test-key"),
            Safeguards.none());
    /** The chats by id, where the core finds them again, as adapters register theirs. */
    private final Map<String, InMemoryChannel> chatsById = new ConcurrentHashMap<>();

    private int chats;
    private int events;

    private String chatId;
    private InMemoryChannel channel;

    @BeforeAll
    void registerChats() {
        core.channels().register("tg", address -> chatsById.get(address.chatId()));
    }

    @BeforeEach
    void newChat() {
        chatId = "chat-" + ++chats;
        channel = new InMemoryChannel("tg", chatId);
        chatsById.put(chatId, channel);
    }

    @AfterAll
    void shutDown() {
        core.shutdown(Duration.ZERO);
    }

    @Test
    void answersAnEventDeliveredTwiceOnce() throws Exception {
        UserMessage question = message("ada", "What is two and two?");

        accept(question);
        accept(question);
        channel.awaitAnswered(2);

        assertThat(channel.texts()).containsExactly("re: What is two and two?");
        assertThat(gateway.questions()).containsOnlyOnce("What is two and two?");
    }

    @Test
    void refusesAUserWhoIsNotOnTheAllowlistWithoutAskingTheModel() throws Exception {
        accept(message("mallory", "Let me in?"));
        channel.awaitText(Text.NOT_ALLOWED.in(EN, "mallory"));

        assertThat(channel.texts()).containsExactly(Text.NOT_ALLOWED.in(EN, "mallory"));
        assertThat(gateway.questions()).doesNotContain("Let me in?");
    }

    @Test
    void tellsABlockedUserTheyAreBlocked() throws Exception {
        storage.accessLists().block("bob");

        accept(message("bob", "Still there?"));
        channel.awaitText(Text.BLOCKED.in(EN));

        assertThat(channel.texts()).containsExactly(Text.BLOCKED.in(EN));
        assertThat(gateway.questions()).doesNotContain("Still there?");
    }

    @Test
    void answersHelpAtOnceWhileTheConversationWaitsForItsLock() throws Exception {
        String conversation = new ConversationKey("tg", chatId, "ada").id();
        try (ConversationLock.Held busy =
                storage.lock().tryAcquire(conversation).orElseThrow()) {
            accept(message("ada", "A question that has to wait"));
            accept(message("ada", "/help"));
            channel.awaitAnswered(1);

            assertThat(channel.texts()).singleElement().asString().startsWith(Text.HELP_TITLE.in(EN));
            assertThat(storage.queue().first(conversation, 10))
                    .singleElement()
                    .asString()
                    .contains("A question that has to wait");
        }
    }

    @Test
    void answersAConversationsMessagesOneAfterAnotherInOrder() throws Exception {
        List<String> questions = List.of("One?", "Two?", "Three?");

        for (String question : questions) {
            accept(message("ada", question));
        }
        channel.awaitAnswered(3);

        assertThat(channel.texts()).containsExactly("re: One?", "re: Two?", "re: Three?");
        List<ChatRequest> asked = gateway.requests().stream()
                .filter(request -> questions.contains(request.question()))
                .toList();
        assertThat(asked).extracting(ChatRequest::question).containsExactlyElementsOf(questions);
        assertThat(asked.getLast().history())
                .containsExactly(
                        Turn.user("One?"), Turn.assistant("re: One?"), Turn.user("Two?"), Turn.assistant("re: Two?"));
    }

    @Test
    void saysAButtonWithAnUnknownKeyHasExpired() throws Exception {
        assertThat(press("ada", "mj:Unknown234")).isEqualTo(Text.BUTTON_EXPIRED.in(EN));
        assertThat(press("ada", "zz:not-ours")).isEqualTo(Text.BUTTON_EXPIRED.in(EN));
    }

    @Test
    void letsOnlyTheOwnerPressThePicturesButtons() throws Exception {
        Action upscale = new Action("task-1", "MJ::JOB::upsample::1::f0x");
        String key = storage.buttonKeys(IMAGINE.buttonLifetime())
                .create(new ButtonKeys.Target(upscale.taskId(), upscale.customId(), "ada", "tg", chatId, "a fox"));
        midjourney.thenSubmit(submitted("task-2"));

        assertThat(press("bea", key)).isEqualTo(Text.BUTTON_FOREIGN.in(EN));
        assertThat(midjourney.actions()).doesNotContain(upscale);

        assertThat(press("ada", key)).isEqualTo(Text.BUTTON_WORKING.in(EN));
        channel.awaitText(Text.IMAGINE_SUBMITTED.in(EN, "a fox"));
        assertThat(midjourney.actions()).containsOnlyOnce(upscale);
    }

    @Test
    void answersInTheLanguageChosenWithLanguageRatherThanTheClientsOne() throws Exception {
        accept(message("bea", "/language zh-TW"));
        channel.awaitText(Text.LANGUAGE_SET.in(Language.ZH_TW, "繁體中文"));

        accept(message("bea", "/new")); // queued: answered by the conversation's drainer
        channel.awaitText(Text.CONTEXT_CLEARED.in(Language.ZH_TW));
        accept(message("bea", "/help")); // not queued: answered at once
        channel.awaitText(Text.HELP_TITLE.in(Language.ZH_TW));
        assertThat(press("bea", "zz:not-ours")).isEqualTo(Text.BUTTON_EXPIRED.in(Language.ZH_TW));
        accept(message("bea", "/new", "zh-hans"));
        channel.awaitAnswered(4);
        assertThat(channel.texts().getLast()).isEqualTo(Text.CONTEXT_CLEARED.in(Language.ZH_TW));

        accept(message("bea", "/language auto", "zh-hans"));
        channel.awaitText(Text.LANGUAGE_AUTO.in(Language.ZH, "简体中文"));
        accept(message("bea", "/new"));
        channel.awaitAnswered(6);
        assertThat(channel.texts().getLast()).isEqualTo(Text.CONTEXT_CLEARED.in(EN));
    }

    @Test
    void tellsTheChannelTheLanguageOfEachAnswerAndTheOneChosenWithLanguage() throws Exception {
        accept(message("bea", "/new", "zh-hant"));
        channel.awaitAnswered(1);
        accept(message("bea", "/language en", "zh-hant"));
        channel.awaitAnswered(2);
        accept(message("bea", "hello", "zh-hant"));
        channel.awaitAnswered(3);
        accept(message("bea", "/language auto", "zh-hant"));
        channel.awaitAnswered(4);

        // Told before each answer, and again once /language has changed it (the platform's menu follows at once).
        assertThat(channel.readerLanguages())
                .containsExactly(
                        "answering zh-TW for zh-hant",
                        "answering zh-TW for zh-hant",
                        "chosen en for zh-hant",
                        "answering en for zh-hant",
                        "answering en for zh-hant",
                        "chosen zh-TW for zh-hant");
    }

    @Test
    void answersTraditionalChineseToAHongKongClientAndSimplifiedToAMainlandOne() throws Exception {
        accept(message("ada", "/new", "zh-HK"));
        channel.awaitAnswered(1);
        accept(message("ada", "/new", "zh-hans"));
        channel.awaitAnswered(2);

        assertThat(channel.texts())
                .containsExactly(Text.CONTEXT_CLEARED.in(Language.ZH_TW), Text.CONTEXT_CLEARED.in(Language.ZH));
    }

    private void accept(InboundEvent event) {
        assertThat(core.engine().accept(event, channel).acknowledged()).isTrue();
    }

    private String press(String userId, String key) throws Exception {
        ButtonPress press = new ButtonPress("tg", "event-" + ++events, chatId, userId, "en", key, "1");
        return core.engine().accept(press, channel).notice();
    }

    private UserMessage message(String userId, String text) {
        return message(userId, text, "en");
    }

    private UserMessage message(String userId, String text, String clientLanguage) {
        return new UserMessage(
                "tg", "event-" + ++events, chatId, UserMessage.ChatKind.PRIVATE, userId, userId, clientLanguage, text);
    }
}
