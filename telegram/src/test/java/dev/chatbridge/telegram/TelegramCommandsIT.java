package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.BotCommandEntry;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command set, in every language, through the real adapter. */
class TelegramCommandsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TelegramTestBot t = TelegramTestBot.forTheClass();

    @Test
    void registersTheCommandMenuInEnglishAndChinese() {
        List<String> menu = List.of(
                "new",
                "retry",
                "cancel",
                "imagine",
                "describe",
                "blend",
                "image",
                "model",
                "models",
                "system",
                "language",
                "settings",
                "usage",
                "help");
        assertThat(t.telegram.commands(null))
                .extracting(BotCommandEntry::command)
                .containsExactlyElementsOf(menu);
        assertThat(t.telegram.commands(null))
                .extracting(BotCommandEntry::description)
                .contains("Start a new conversation", "Show or choose the language I answer in");
        // Telegram keys menus by two-letter codes only: "zh" gets the Simplified one.
        assertThat(t.telegram.commands("zh"))
                .extracting(BotCommandEntry::command)
                .containsExactlyElementsOf(menu);
        assertThat(t.telegram.commands("zh"))
                .extracting(BotCommandEntry::description)
                .contains("开始新对话", "查看或选择回复语言");
    }

    @Test
    void answersATraditionalChineseClientInTraditionalChinese() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(UserText.of(chat, chat, "/help").withLanguageCode("zh-hant"));
        assertThat(awaitReply(chat, 1)).contains("/new — 開始新的對話").contains("在群組中，請 @我 或回覆我的訊息");
        t.telegram.sendText(UserText.of(chat, chat, "/new").withLanguageCode("zh-hant"));
        assertThat(awaitReply(chat, 2)).isEqualTo("🆕 已開始新的對話，先前的內容已清除。");
    }

    @Test
    void languageWinsOverTheClientsLanguageUntilSetBackToAuto() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(UserText.of(chat, chat, "/language zh-TW").withLanguageCode("en"));
        assertThat(awaitReply(chat, 1)).isEqualTo("✅ 從現在起我會用繁體中文回覆你。");
        t.telegram.sendText(UserText.of(chat, chat, "/new").withLanguageCode("en"));
        assertThat(awaitReply(chat, 2)).isEqualTo("🆕 已開始新的對話，先前的內容已清除。");
        t.telegram.sendText(UserText.of(chat, chat, "/usage").withLanguageCode("en"));
        assertThat(awaitReply(chat, 3)).contains("今日用量").contains("每日額度將在");

        t.telegram.sendText(UserText.of(chat, chat, "/language auto").withLanguageCode("en"));
        assertThat(awaitReply(chat, 4)).isEqualTo("✅ I follow your app's language again (English).");
        t.telegram.sendText(UserText.of(chat, chat, "/new").withLanguageCode("en"));
        assertThat(awaitReply(chat, 5)).contains("New conversation started");
    }

    @Test
    void answersHelpInTheUsersLanguage() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(UserText.of(chat, chat, "/help").withLanguageCode("zh-hans"));
        assertThat(awaitReply(chat, 1)).contains("开始新对话").contains("/system");

        long english = TelegramTestBot.newId();
        t.telegram.sendText(
                UserText.of(english, english, "/start").withFirstName("Ada").withLanguageCode("en"));
        assertThat(awaitReply(english, 1)).contains("Hi Ada");
    }

    @Test
    void newForgetsTheContext() {
        long chat = TelegramTestBot.newId();
        t.ask(chat, "remember apples", 1);
        t.telegram.sendText(chat, chat, "/new");
        assertThat(awaitReply(chat, 2)).contains("New conversation");
        t.ask(chat, "what did I say?", 3);

        assertThat(t.lastRequestFrom("what did I say?").messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("what did I say?");
    }

    @Test
    void systemPromptIsShownSetUsedAndCleared() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/system");
        assertThat(awaitReply(chat, 1)).contains("no system prompt");
        t.telegram.sendText(chat, chat, "/system You are a pirate.");
        assertThat(awaitReply(chat, 2)).contains("saved");
        t.ask(chat, "hello pirate", 3);
        assertThat(t.lastRequestFrom("hello pirate").messages().getFirst())
                .isEqualTo(new ReceivedChatRequest.Msg("system", "You are a pirate.", List.of()));
        t.telegram.sendText(chat, chat, "/system");
        assertThat(awaitReply(chat, 4)).contains("You are a pirate.");
        t.telegram.sendText(chat, chat, "/system reset");
        assertThat(awaitReply(chat, 5)).contains("cleared");
        t.ask(chat, "plain again", 6);
        assertThat(t.lastRequestFrom("plain again").messages())
                .extracting(ReceivedChatRequest.Msg::role)
                .doesNotContain("system");
    }

    @Test
    void modelsAreListedAndSwitched() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/models");
        assertThat(awaitReply(chat, 1)).contains("gpt-4o");
        assertThat(t.telegram.messages(chat).getFirst().replyMarkup().toString())
                .contains("✅ gpt-4o")
                .contains("gpt-4o-mini")
                .contains("deepseek-chat");
        t.telegram.sendText(chat, chat, "/model no-such-model");
        assertThat(awaitReply(chat, 2)).contains("no model no-such-model");
        t.telegram.sendText(chat, chat, "/model GPT-4o-mini");
        assertThat(awaitReply(chat, 3)).contains("gpt-4o-mini");
        t.ask(chat, "which model?", 4);
        assertThat(t.lastRequestFrom("which model?").model()).isEqualTo("gpt-4o-mini");
        t.telegram.sendText(chat, chat, "/model");
        assertThat(awaitReply(chat, 5)).contains("gpt-4o-mini");
    }

    @Test
    void theSystemPromptRowAsksByForceReplyAndTheReplyIsTheNextRequestsSystemPrompt() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/settings");
        awaitReply(chat, 1);
        SentMessage menu = t.telegram.messages(chat).getFirst();

        t.telegram.pressButton(chat, chat, menu.messageId(), "st:s");
        assertThat(awaitReply(chat, 2)).contains("Reply to this message");
        SentMessage ask = t.telegram.messages(chat).get(1);
        assertThat(ask.replyMarkup().path("force_reply").asBoolean()).isTrue();
        assertThat(ask.replyMarkup().path("input_field_placeholder").asString()).isEqualTo("Your system prompt…");

        t.telegram.sendText(UserText.of(chat, chat, "Answer like a pirate.").replyingTo(ask.messageId()));
        assertThat(awaitReply(chat, 3)).contains("System prompt saved");
        assertThat(t.gateway.requests())
                .as("the reply went to the settings, not to the model")
                .noneMatch(request -> "Answer like a pirate.".equals(request.lastUserText()));

        t.ask(chat, "Ahoy?", 4);
        assertThat(t.lastRequestFrom("Ahoy?").messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .first()
                .isEqualTo("Answer like a pirate.");
    }

    @Test
    void settingsMenuChangesTemperatureAndAnswerLengthAndTheNextRequestCarriesThem() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/settings");
        assertThat(awaitReply(chat, 1)).contains("Settings").contains("gpt-4o").contains("4096");
        SentMessage menu = t.telegram.messages(chat).getFirst();
        assertThat(menu.callbackData()).containsExactly("st:m", "st:t", "st:n", "st:d", "st:l", "st:s", "st:v");

        t.telegram.pressButton(chat, chat, menu.messageId(), "st:t");
        assertThat(awaitReply(chat, 2)).contains("Temperature");
        SentMessage temperatures = t.telegram.messages(chat).get(1);
        assertThat(temperatures.callbackData()).contains("st:t=0.0", "st:t=0.7", "st:t=2.0", "st:t=default");
        t.telegram.pressButton(chat, chat, temperatures.messageId(), "st:t=0.7");
        awaitCallbackAnswer("Temperature: 0.7");

        t.telegram.pressButton(chat, chat, menu.messageId(), "st:n");
        awaitReply(chat, 3);
        SentMessage lengths = t.telegram.messages(chat).get(2);
        // The operator's cap (4096) bounds the choices.
        assertThat(lengths.callbackData()).contains("st:n=1024", "st:n=4096").doesNotContain("st:n=8192");
        t.telegram.pressButton(chat, chat, lengths.messageId(), "st:n=1024");
        awaitCallbackAnswer("Answer length: 1024 tokens");

        t.ask(chat, "tuned?", 4);
        var sent = t.lastRequestFrom("tuned?").body();
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(1024);

        t.telegram.sendText(chat, chat, "/settings");
        assertThat(awaitReply(chat, 5)).contains("Temperature: 0.7").contains("1024");
    }

    @Test
    void retryAnswersTheLastQuestionAgainWithoutDuplicatingIt() {
        long chat = TelegramTestBot.newId();
        t.ask(chat, "first", 1);
        t.gateway.enqueue(Reply.of("a weak answer"));
        t.ask(chat, "second", 2);
        t.gateway.enqueue(Reply.of("a better answer"));
        t.telegram.sendText(chat, chat, "/retry");
        assertThat(awaitReply(chat, 3)).isEqualTo("a better answer");

        ReceivedChatRequest retried = t.gateway.requests().getLast();
        assertThat(retried.messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("first", "echo: first", "second");
        t.ask(chat, "third", 4);
        assertThat(t.lastRequestFrom("third").messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("first", "echo: first", "second", "a better answer", "third");
    }

    @Test
    void retryAfterAFailedAnswerAsksAgain() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(Reply.httpError(502, "{\"error\":{\"message\":\"bad gateway\"}}"));
        t.telegram.sendText(chat, chat, "flaky");
        awaitReply(chat, 1);
        t.telegram.sendText(chat, chat, "/retry");
        assertThat(awaitReply(chat, 2)).isEqualTo("echo: flaky");
    }

    @Test
    void cancelStopsTheAnswerBeingWrittenAndKeepsItOutOfTheContext() throws Exception {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(Reply.of(TelegramStreamingIT.words(300)).withChunkDelay(Duration.ofMillis(50)));
        t.telegram.sendText(chat, chat, "talk forever");
        t.telegram.awaitMessages(chat, 1, WAIT);
        t.telegram.sendText(chat, chat, "/cancel");

        await("stopped", () -> t.telegram.messages(chat).getFirst().text().endsWith("⏹ Stopped."), WAIT);
        await("idle", () -> t.core.activeAnswers().count() == 0, WAIT);
        t.telegram.sendText(chat, chat, "/cancel");
        assertThat(awaitReply(chat, 2)).contains("No answer is being written");
        t.ask(chat, "after cancel", 3);
        assertThat(t.lastRequestFrom("after cancel").messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("after cancel");
    }

    private static void awaitCallbackAnswer(String part) {
        await(
                "a button notice with " + part,
                () -> t.telegram.calls("answerCallbackQuery").stream()
                        .anyMatch(call ->
                                call.param("text") != null && call.param("text").contains(part)),
                WAIT);
    }

    private static String awaitReply(long chat, int count) {
        await(
                "reply " + count,
                () -> t.telegram.messages(chat).size() >= count
                        && t.core.activeAnswers().count() == 0,
                WAIT);
        return t.telegram.messages(chat).get(count - 1).text();
    }
}
