package dev.chatbridge.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.access.AccessControl;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.chat.AnswerGuards;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.CancelRequests;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.chat.ModelListSettings;
import dev.chatbridge.core.chat.OfferedModels;
import dev.chatbridge.core.chat.ScriptedChatUpstream;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.InMemoryConversationStore;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.delivery.LocalChatPacer;
import dev.chatbridge.core.images.ImageCommand;
import dev.chatbridge.core.images.ImageJobs;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.ScriptedMidjourneyProxy;
import dev.chatbridge.core.message.AttachmentDirectory;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One handler for all tests, as its chat service loads a token counter; each test is a user with
 * a conversation of their own. "root" is the operator's admin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandHandlerTest {

    private static final Language EN = Language.EN;
    private static final String ADMIN = "root";

    private final InMemoryStorage storage = new InMemoryStorage();
    private final InMemoryConversationStore store = storage.conversations();
    private final ModelCatalog models = new OfferedModels(
            () -> List.of("gpt-test", "gpt-big", "text-embedding-3-small"),
            new ModelListSettings(List.of(), ModelListSettings.DEFAULT_EXCLUDE, Map.of("Big", "gpt-big")));
    private final BotSettings settings = new BotSettings("gpt-test", null, 4000, Duration.ofSeconds(30), false);
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final CommandHandler handler = newHandler();
    private int users;

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
    void handlesEveryCommandOfTheSpecsByNameAndByAlias() throws Exception {
        List<String> words = Commands.ALL.stream()
                .flatMap(spec -> Stream.concat(Stream.of(spec.name()), spec.aliases().stream()))
                .toList();

        for (String word : words) {
            assertThat(handle(ADMIN, "/" + word)).as("/" + word).isNotEqualTo(Text.UNKNOWN_COMMAND.in(EN));
        }
        assertThat(handle(ADMIN, "/frobnicate")).isEqualTo(Text.UNKNOWN_COMMAND.in(EN));
    }

    @Test
    void resolvesEveryAliasToItsCommand() throws Exception {
        for (CommandSpec spec : Commands.ALL) {
            for (String alias : spec.aliases()) {
                assertThat(Commands.find(alias)).as(alias).contains(spec);
                assertThat(CommandHandler.queuesInOrder(alias)).as(alias).isEqualTo(spec.queued());
            }
        }
        assertThat(handle(userId, "/stop")).isEqualTo(Text.NOTHING_TO_CANCEL.in(EN));
        store.appendPair(key, 0, Turn.user("Hello"), Turn.assistant("Hi!"));
        assertThat(handle(userId, "/reset")).isEqualTo(Text.CONTEXT_CLEARED.in(EN));
        assertThat(store.history(key)).isEmpty();
    }

    @Test
    void helpListsExactlyTheMenuCommandsWithTheirDescriptionsInEitherLanguage() throws Exception {
        List<String> menu = Commands.menu().stream().map(CommandSpec::name).toList();
        for (Language language : Language.values()) {
            List<String> lines = handle(userId, "/help", language)
                    .lines()
                    .filter(line -> line.startsWith("/"))
                    .toList();

            assertThat(lines)
                    .extracting(line -> line.substring(1, line.indexOf(' ')))
                    .containsExactlyElementsOf(menu);
            assertThat(lines)
                    .extracting(line -> line.substring(line.indexOf(" — ") + 3))
                    .containsExactlyElementsOf(Commands.menu().stream()
                            .map(spec -> spec.description(language))
                            .toList());
        }
        assertThat(menu).doesNotContain("start", "chat", "stats", "allow", "block", "limit");
        assertThat(handle(userId, "/help", Language.EN)).contains("/new — Start a new conversation");
        assertThat(handle(userId, "/help", Language.ZH)).contains("/new — 开始新对话");
        assertThat(handle(userId, "/help", Language.ZH_TW)).contains("/new — 開始新的對話");
    }

    @Test
    void languageChoosesShowsAndForgetsTheUsersLanguage() throws Exception {
        assertThat(handle(userId, "/language")).isEqualTo(Text.LANGUAGE_CURRENT_AUTO.in(EN, "English"));

        assertThat(handle(userId, "/language zh_tw")).isEqualTo(Text.LANGUAGE_SET.in(Language.ZH_TW, "繁體中文"));
        assertThat(store.settings("tg", userId).language()).isEqualTo("zh-TW");
        assertThat(store.settings("tg", userId).languageOr(EN)).isEqualTo(Language.ZH_TW);
        assertThat(handle(userId, "/language", Language.ZH_TW))
                .isEqualTo(Text.LANGUAGE_CURRENT_CHOSEN.in(Language.ZH_TW, "繁體中文"));

        assertThat(handle(userId, "/language klingon", Language.ZH_TW))
                .isEqualTo(Text.LANGUAGE_UNKNOWN.in(Language.ZH_TW, "klingon"));
        assertThat(store.settings("tg", userId).language()).isEqualTo("zh-TW");

        assertThat(handle(userId, "/lang zh-CN")).isEqualTo(Text.LANGUAGE_SET.in(Language.ZH, "简体中文"));
        assertThat(store.settings("tg", userId).language()).isEqualTo("zh-CN");

        // auto follows the client again, and says so in the client's language ("en" in this test's messages)
        assertThat(handle(userId, "/language auto", Language.ZH)).isEqualTo(Text.LANGUAGE_AUTO.in(EN, "English"));
        assertThat(store.settings("tg", userId).language()).isNull();
    }

    @Test
    void refusesAnAdminCommandToSomeoneWhoIsNotAnAdmin() throws Exception {
        assertThat(handle(userId, "/block eve")).isEqualTo(Text.ADMIN_ONLY.in(EN));
        assertThat(storage.accessLists().blocked()).doesNotContain("eve");

        assertThat(handle(ADMIN, "/block eve")).isEqualTo(Text.BLOCKED_USER.in(EN, "eve"));
        assertThat(storage.accessLists().blocked()).contains("eve");
    }

    @Test
    void newForgetsTheConversationAndItsLastQuestion() throws Exception {
        store.beginTurn(key, userId, "What is a fox?");
        store.appendPair(key, 0, Turn.user("What is a fox?"), Turn.assistant("A small wild dog."));
        ConversationKey someoneElses = new ConversationKey("tg", key.chatId(), "someone-else");
        store.appendPair(someoneElses, 0, Turn.user("Hi"), Turn.assistant("Hello!"));

        assertThat(handle(userId, "/new")).isEqualTo(Text.CONTEXT_CLEARED.in(EN));

        assertThat(store.history(key)).isEmpty();
        assertThat(store.lastQuestion(key)).isNull();
        assertThat(store.history(someoneElses)).hasSize(2);
    }

    @Test
    void systemSetsShowsAndResetsThePrompt() throws Exception {
        assertThat(handle(userId, "/system")).isEqualTo(Text.SYSTEM_PROMPT_NONE.in(EN));

        assertThat(handle(userId, "/system Answer like a pirate.")).isEqualTo(Text.SYSTEM_PROMPT_SET.in(EN));
        assertThat(store.settings("tg", userId).systemPrompt()).isEqualTo("Answer like a pirate.");
        assertThat(handle(userId, "/system")).isEqualTo(Text.SYSTEM_PROMPT_SHOW.in(EN, "Answer like a pirate."));

        assertThat(handle(userId, "/system reset")).isEqualTo(Text.SYSTEM_PROMPT_CLEARED.in(EN));
        assertThat(store.settings("tg", userId).systemPrompt()).isNull();
    }

    @Test
    void modelRefusesAModelTheGatewayDoesNotOfferAndSwitchesToOneItDoes() throws Exception {
        assertThat(handle(userId, "/model gpt-huge")).isEqualTo(Text.MODEL_UNKNOWN.in(EN, "gpt-huge"));
        assertThat(store.settings("tg", userId).model()).isNull();

        assertThat(handle(userId, "/model GPT-BIG")).isEqualTo(Text.MODEL_SET.in(EN, "gpt-big"));
        assertThat(store.settings("tg", userId).model()).isEqualTo("gpt-big");
        assertThat(handle(userId, "/model")).isEqualTo(Text.MODEL_CURRENT.in(EN, "gpt-big"));
    }

    @Test
    void modelRefusesAModelTheOperatorExcludedAndTakesAnAlias() throws Exception {
        assertThat(handle(userId, "/model text-embedding-3-small"))
                .isEqualTo(Text.MODEL_EXCLUDED.in(EN, "text-embedding-3-small"));
        assertThat(store.settings("tg", userId).model()).isNull();

        assertThat(handle(userId, "/model big")).isEqualTo(Text.MODEL_SET.in(EN, "gpt-big"));
        assertThat(store.settings("tg", userId).model()).isEqualTo("gpt-big");
    }

    private @Nullable String handle(String from, String text) throws InterruptedException {
        return handle(from, text, EN);
    }

    /** Handles {@code text}, a command, as {@code from} typed it in this test's chat. */
    private @Nullable String handle(String from, String text, Language language) throws InterruptedException {
        UserMessage message = new UserMessage(
                "tg", "event-" + text, key.chatId(), UserMessage.ChatKind.PRIVATE, from, from, "en", text);
        ConversationKey conversation = new ConversationKey("tg", key.chatId(), from);
        return handler.handle(Command.parse(text).orElseThrow(), message, conversation, language, channel);
    }

    private CommandHandler newHandler() {
        LocalChatPacer pacer = storage.pacer();
        ActiveAnswers activeAnswers = new ActiveAnswers();
        AccessControl access = new AccessControl(new AccessPolicy(Set.of(), Set.of(ADMIN)), storage.accessLists());
        ChatService chat = new ChatService(
                ScriptedChatUpstream.echoing(),
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
                background);
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
