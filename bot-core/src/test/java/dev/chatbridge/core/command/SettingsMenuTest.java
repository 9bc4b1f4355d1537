package dev.chatbridge.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.access.AccessControl;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.chat.AnswerGuards;
import dev.chatbridge.core.chat.AnswerTuning;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.CancelRequests;
import dev.chatbridge.core.chat.ChatRequest;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.chat.ScriptedChatUpstream;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.InMemoryConversationStore;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.delivery.LocalChatPacer;
import dev.chatbridge.core.images.ImageCommand;
import dev.chatbridge.core.images.ImageJobs;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.PromptForm;
import dev.chatbridge.core.imagine.ScriptedMidjourneyProxy;
import dev.chatbridge.core.imagine.SpeedMode;
import dev.chatbridge.core.imagine.SpeedModeMemory;
import dev.chatbridge.core.imagine.SpeedModes;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.PromptReply;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.tools.ToolBox;
import dev.chatbridge.core.vision.VisionContext;
import dev.chatbridge.core.vision.VisionSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /settings} with in-memory ports, under tight operator bounds: answers of at most 1000
 * tokens, temperatures 0..1 with 0.5 by default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettingsMenuTest {

    private static final Language EN = Language.EN;

    private final InMemoryStorage storage = new InMemoryStorage();
    private final InMemoryConversationStore store = storage.conversations();
    private final ScriptedChatUpstream upstream = ScriptedChatUpstream.echoing();
    private final BotSettings settings = new BotSettings(
            "gpt-test", null, 4000, Duration.ofSeconds(30), false, 1000, new AnswerTuning(0.5, 0.0, 1.0));
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final SpeedModeMemory speedMemory = SpeedModeMemory.inMemory();
    private final CommandHandler handler = newHandler();
    private int users;
    private int events;

    private String userId;
    private ConversationKey key;
    private InMemoryChannel channel;

    @BeforeEach
    void newUser() {
        userId = "user-" + ++users;
        key = new ConversationKey("tg", "chat-" + users, userId);
        channel = new InMemoryChannel("tg", key.chatId());
    }

    @AfterAll
    void stopBackgroundWork() {
        background.shutdownNow();
    }

    @Test
    void showsTheCurrentValuesWithAButtonPerSetting() throws Exception {
        assertThat(handle("/settings")).isNull();

        InMemoryChannel.Shown menu = channel.messages().getLast();
        assertThat(menu.text().text()).contains("gpt-test", "0.5", "1000", "auto");
        assertThat(menu.buttons().stream().flatMap(List::stream).map(Button::key))
                .containsExactly("st:m", "st:t", "st:n", "st:d", "st:l", "st:s", "st:v");
    }

    @Test
    void storesAMidjourneySpeedModeAndExplainsWhenTheProxyHasNone() throws Exception {
        press("st:v");
        assertThat(keysOfLastMessage()).containsExactly("st:v=relax", "st:v=fast", "st:v=turbo", "st:v=default");
        assertThat(press("st:v=fast")).isEqualTo(Text.SETTINGS_SET_SPEED.in(EN, "fast"));
        assertThat(store.settings("tg", userId).speedMode()).isEqualTo("fast");
        assertThat(press("st:v=ludicrous")).isEqualTo(Text.SETTINGS_NOT_OFFERED.in(EN));

        speedMemory.remember(false);
        handle("/settings");
        InMemoryChannel.Shown menu = channel.messages().getLast();
        assertThat(menu.text().text()).contains(Text.SETTINGS_SPEED_NOT_OFFERED.in(EN, "fast"));
        assertThat(menu.buttons().getLast().getFirst().text()).isEqualTo(Text.SETTINGS_ROW_SPEED_UNAVAILABLE.in(EN));
        press("st:v");
        assertThat(channel.messages().getLast().text().text()).isEqualTo(Text.SETTINGS_SPEED_UNAVAILABLE.in(EN));

        assertThat(press("st:v=default")).isEqualTo(Text.SETTINGS_SET_SPEED.in(EN, Text.SETTINGS_SPEED_DEFAULT.in(EN)));
        assertThat(store.settings("tg", userId).speedMode()).isNull();
        speedMemory.remember(true);
    }

    @Test
    void offersOnlyTemperaturesWithinTheOperatorsBoundsAndRefusesOthers() throws Exception {
        press("st:t");
        assertThat(keysOfLastMessage()).containsExactly("st:t=0.0", "st:t=0.3", "st:t=0.7", "st:t=1.0", "st:t=default");

        assertThat(press("st:t=1.6")).isEqualTo(Text.SETTINGS_NOT_OFFERED.in(EN));
        assertThat(store.settings("tg", userId).temperature()).isNull();

        assertThat(press("st:t=0.7")).contains("0.7");
        assertThat(store.settings("tg", userId).temperature()).isEqualTo(0.7);

        press("st:t=default");
        assertThat(store.settings("tg", userId).temperature()).isNull();
    }

    @Test
    void offersOnlyAnswerLengthsUnderTheOperatorsCapAndRefusesLonger() throws Exception {
        press("st:n");
        assertThat(keysOfLastMessage()).containsExactly("st:n=256", "st:n=512", "st:n=default");

        assertThat(press("st:n=4096")).isEqualTo(Text.SETTINGS_NOT_OFFERED.in(EN));
        assertThat(store.settings("tg", userId).maxTokens()).isNull();

        press("st:n=512");
        assertThat(store.settings("tg", userId).maxTokens()).isEqualTo(512);
    }

    @Test
    void theChosenTemperatureLengthAndDetailReachTheNextRequest() throws Exception {
        press("st:t=0.3");
        press("st:n=256");
        press("st:d=low");

        handle("/chat hello");

        ChatRequest sent = upstream.requests().getLast();
        assertThat(sent.temperature()).isEqualTo(0.3);
        assertThat(sent.maxTokens()).isEqualTo(256);
        assertThat(sent.imageDetail()).isEqualTo("low");
    }

    @Test
    void withoutChoicesTheOperatorsDefaultsAreSent() throws Exception {
        handle("/chat hello");

        ChatRequest sent = upstream.requests().getLast();
        assertThat(sent.temperature()).isEqualTo(0.5);
        assertThat(sent.maxTokens()).isEqualTo(1000);
        assertThat(sent.imageDetail()).isNull();
    }

    @Test
    void aStoredChoiceTheOperatorNoLongerAllowsFallsBackToTheDefault() throws Exception {
        // Chosen under earlier, wider bounds.
        store.updateSettings("tg", userId, UserSettings.TEMPERATURE, "1.8");
        store.updateSettings("tg", userId, UserSettings.MAX_TOKENS, "8192");

        handle("/chat hello");

        ChatRequest sent = upstream.requests().getLast();
        assertThat(sent.temperature()).isEqualTo(0.5);
        assertThat(sent.maxTokens()).isEqualTo(1000);
    }

    @Test
    void choosingALanguageAnswersInIt() throws Exception {
        press("st:l");
        assertThat(keysOfLastMessage()).contains("st:l=en", "st:l=zh-CN", "st:l=zh-TW", "st:l=auto");

        String notice = press("st:l=zh-TW");

        assertThat(store.settings("tg", userId).language()).isEqualTo("zh-TW");
        assertThat(notice).contains("繁體中文");
        press("st:l=auto");
        assertThat(store.settings("tg", userId).language()).isNull();
        // The platform's menu follows the choice at once, as it does for /language.
        assertThat(channel.readerLanguages()).containsExactly("chosen zh-TW for en", "chosen en for en");
    }

    @Test
    void privateChatsHaveNoGroupContextRow() throws Exception {
        handle("/settings");

        assertThat(keysOfLastMessage()).doesNotContain("st:g");
    }

    @Test
    void onlyAGroupsAdminsChooseWhetherItSharesOneConversation() throws Exception {
        String member = userId;
        String admin = "admin-of-" + key.chatId();
        channel.admin(admin);
        handleInGroup("/settings", member);
        assertThat(channel.messages().getLast().text().text()).contains(Text.SETTINGS_CONTEXT_PERSONAL.in(EN));
        assertThat(keysOfLastMessage()).contains("st:g");
        press("st:g", member);
        assertThat(keysOfLastMessage()).containsExactly("st:g=shared", "st:g=personal", "st:g=default");

        assertThat(press("st:g=shared", member)).isEqualTo(Text.SETTINGS_CONTEXT_ADMINS_ONLY.in(EN));
        assertThat(store.groupSharedContext("tg", key.chatId())).isNull();

        assertThat(press("st:g=shared", admin)).contains(Text.SETTINGS_CONTEXT_SHARED.in(EN));
        assertThat(store.groupSharedContext("tg", key.chatId())).isTrue();
        assertThat(press("st:g=everyone", admin)).isEqualTo(Text.SETTINGS_NOT_OFFERED.in(EN));
        assertThat(store.groupSharedContext("tg", key.chatId())).isTrue();

        press("st:g=default", admin);
        assertThat(store.groupSharedContext("tg", key.chatId())).isNull();
    }

    @Test
    void theSystemPromptRowAsksForAReplyAndOnlyTheAskedUsersReplySetsIt() throws Exception {
        channel.answeringByReply();
        store.updateSettings("tg", userId, UserSettings.SYSTEM, "Be brief.");

        assertThat(press("st:s")).isEqualTo(Text.SETTINGS_OPENED.in(EN));

        InMemoryChannel.Shown ask = channel.messages().getLast();
        assertThat(ask.text().text()).contains("Reply to this message", "Be brief.");
        assertThat(channel.placeholders()).containsExactly(Text.SETTINGS_SYSTEM_PLACEHOLDER.in(EN));
        PromptReply stranger = replyTo(ask.id(), "someone-else", "Talk like a pirate.");
        assertThat(handler.answersSettings(stranger)).isFalse();
        assertThat(handler.answersSettings(replyTo("999", userId, "Talk like a pirate.")))
                .isFalse();

        PromptReply answer = replyTo(ask.id(), userId, "Answer in haiku.");
        assertThat(handler.answersSettings(answer)).isTrue();
        assertThat(handler.answerSettings(answer, EN)).isEqualTo(Text.SYSTEM_PROMPT_SET.in(EN));
        assertThat(store.settings("tg", userId).systemPrompt()).isEqualTo("Answer in haiku.");
        assertThat(handler.answersSettings(answer)).as("answered once").isFalse();

        handle("/chat hello");
        assertThat(upstream.requests().getLast().systemPrompt()).isEqualTo("Answer in haiku.");
    }

    @Test
    void whereButtonsOpenFormsTheSystemPromptFormIsPrefilledAndADashRemovesThePrompt() throws Exception {
        store.updateSettings("tg", userId, UserSettings.SYSTEM, "Be brief.");
        assertThat(CommandHandler.opensSettingsForm("st:s")).isTrue();
        assertThat(CommandHandler.opensSettingsForm("st:t")).isFalse();
        ButtonPress press = new ButtonPress("dc", "press-" + ++events, key.chatId(), userId, "en", "st:s", "1");
        store.updateSettings("dc", userId, UserSettings.SYSTEM, "Be brief.");

        PromptForm form = handler.settingsForm(press, EN);

        assertThat(form.value()).isEqualTo("Be brief.");
        UserMessage submitted = new UserMessage(
                "dc", "form-" + ++events, key.chatId(), UserMessage.ChatKind.PRIVATE, userId, userId, "en", "-");
        PromptReply reply = new PromptReply(submitted, form.formId());
        assertThat(handler.answersSettings(reply)).isTrue();
        assertThat(handler.answerSettings(reply, EN)).isEqualTo(Text.SYSTEM_PROMPT_CLEARED.in(EN));
        assertThat(store.settings("dc", userId).systemPrompt()).isNull();
    }

    @Test
    void withoutAReplyFieldTheSystemPromptRowExplainsTheCommand() throws Exception {
        press("st:s");

        assertThat(channel.messages().getLast().text().text()).contains("/system");
    }

    private PromptReply replyTo(String messageId, String sender, String text) {
        UserMessage message = new UserMessage(
                "tg", "reply-" + ++events, key.chatId(), UserMessage.ChatKind.PRIVATE, sender, sender, "en", text);
        return new PromptReply(message, PromptReply.toMessage(messageId));
    }

    private Object handleInGroup(String text, String sender) throws InterruptedException {
        UserMessage message = new UserMessage(
                "tg", "event-" + ++events, key.chatId(), UserMessage.ChatKind.GROUP, sender, sender, "en", text);
        return handler.handle(Command.parse(text).orElseThrow(), message, key, EN, channel);
    }

    private String press(String buttonKey, String presser) throws InterruptedException {
        ButtonPress press = new ButtonPress("tg", "press-" + ++events, key.chatId(), presser, "en", buttonKey, "1");
        return handler.pressSettingsButton(press, channel, EN);
    }

    private List<String> keysOfLastMessage() {
        return channel.messages().getLast().buttons().stream()
                .flatMap(List::stream)
                .map(Button::key)
                .toList();
    }

    private String press(String buttonKey) throws InterruptedException {
        ButtonPress press = new ButtonPress("tg", "press-" + ++events, key.chatId(), userId, "en", buttonKey, "1");
        assertThat(CommandHandler.isSettingsButton(buttonKey)).isTrue();
        return handler.pressSettingsButton(press, channel, EN);
    }

    private Object handle(String text) throws InterruptedException {
        UserMessage message = new UserMessage(
                "tg", "event-" + ++events, key.chatId(), UserMessage.ChatKind.PRIVATE, userId, userId, "en", text);
        return handler.handle(Command.parse(text).orElseThrow(), message, key, EN, channel);
    }

    private CommandHandler newHandler() {
        LocalChatPacer pacer = storage.pacer();
        ActiveAnswers activeAnswers = new ActiveAnswers();
        AccessControl access = new AccessControl(new AccessPolicy(Set.of(), Set.of()), storage.accessLists());
        ModelCatalog models = () -> List.of("gpt-test");
        ChatService chat = new ChatService(
                upstream,
                store,
                pacer,
                activeAnswers,
                settings,
                new VisionContext(VisionSettings.defaults(), Safeguards.none().urlFetcher()),
                ToolBox.none(),
                AnswerGuards.none());
        ImagineService imagine = new ImagineService(
                new ScriptedMidjourneyProxy(),
                storage.imagineJobs(),
                storage.buttonKeys(Duration.ofDays(7)),
                new ChannelDirectory(),
                pacer,
                ImagineSettings.defaults(null),
                background,
                Quotas.unlimited(),
                BridgeMetrics.none(),
                new SpeedModes(
                        (platform, user) ->
                                SpeedMode.parse(store.settings(platform, user).speedMode()),
                        speedMemory));
        ImageJobs images = new ImageJobs(
                (prompt, size) -> {
                    throw new AssertionError("no drawing in these tests");
                },
                Quotas.unlimited(),
                BridgeMetrics.none());
        return new CommandHandler(
                store,
                chat,
                activeAnswers,
                models,
                settings,
                imagine,
                new QuotaCommands(Quotas.unlimited(), access, () -> 0),
                new ModelPicker(store, models, settings, pacer),
                new ImageCommand(images, pacer),
                new AttachmentDirectory(),
                access,
                CancelRequests.none(),
                pacer,
                new VisionContext(VisionSettings.defaults(), Safeguards.none().urlFetcher()),
                SystemPromptAsks.inMemory());
    }
}
