package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.telegram.BotCommandEntry;
import dev.chatbridge.testsupport.telegram.UserText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The command menu a user sees in their private chat, as Telegram resolves it, follows the language they are answered
 * in: a chat menu of its own where their app's language menu is in another one, and none where it is not.
 */
class TelegramCommandMenusIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NEW_ENGLISH = "Start a new conversation";
    private static final String NEW_SIMPLIFIED = "开始新对话";
    private static final String NEW_TRADITIONAL = "開始新的對話";

    @RegisterExtension
    static final TelegramTestBot t = TelegramTestBot.forTheClass();

    @Test
    void aTraditionalChineseAppGetsTheTraditionalMenuInItsPrivateChat() {
        long chat = TelegramTestBot.newId();
        assertThat(newDescription(chat, "zh-hant"))
                .as("Telegram's pick by 'zh' alone")
                .isEqualTo(NEW_SIMPLIFIED);

        say(chat, chat, "/help", "zh-hant", 1);

        awaitMenu(chat, "zh-hant", NEW_TRADITIONAL);
        assertThat(t.telegram.chatCommands(chat, null))
                .extracting(BotCommandEntry::command)
                .containsExactlyElementsOf(t.telegram.commands(null).stream()
                        .map(BotCommandEntry::command)
                        .toList());
    }

    @Test
    void aSimplifiedChineseAppKeepsTheLanguageMenuWithoutAChatMenu() {
        long chat = TelegramTestBot.newId();
        say(chat, chat, "/help", "zh-hans", 1);
        say(chat, chat, "/new", "zh-hans", 2);

        awaitMenuCallsDone();
        assertThat(t.telegram.chatMenuCalls("setMyCommands", chat)).isEmpty();
        assertThat(t.telegram.chatMenuCalls("deleteMyCommands", chat)).isEmpty();
        assertThat(newDescription(chat, "zh-hans")).isEqualTo(NEW_SIMPLIFIED);
    }

    @Test
    void languageChangesTheMenuAtOnceAndAutoGivesItBackToTheLanguageMenus() {
        long chat = TelegramTestBot.newId();
        say(chat, chat, "/language en", "zh-hans", 1);
        awaitMenu(chat, "zh-hans", NEW_ENGLISH);

        say(chat, chat, "/language auto", "zh-hans", 2);
        awaitChatMenuRemovedAndSimplifiedBack(chat);
        assertThat(t.telegram.chatMenuCalls("deleteMyCommands", chat)).singleElement();
    }

    @Test
    void aTraditionalChineseAppWritingInAGroupGivesTheGroupNoMenu() {
        long group = -TelegramTestBot.newId();
        long user = TelegramTestBot.newId();
        say(group, user, "/help", "zh-hant", 1);

        awaitMenuCallsDone();
        assertThat(t.telegram.chatMenuCalls("setMyCommands", group)).isEmpty();
        assertThat(t.telegram.chatMenuCalls("setMyCommands", user)).isEmpty();
    }

    @Test
    void theMenuIsSetOnceForManyMessagesInTheSameLanguage() {
        long chat = TelegramTestBot.newId();
        say(chat, chat, "/help", "zh-TW", 1);
        say(chat, chat, "/new", "zh-TW", 2);
        say(chat, chat, "/usage", "zh-TW", 3);
        awaitMenu(chat, "zh-TW", NEW_TRADITIONAL);

        awaitMenuCallsDone();
        assertThat(t.telegram.chatMenuCalls("setMyCommands", chat)).singleElement();
    }

    @Test
    void afterARestartLanguageAutoStillRemovesTheMenuAnEarlierProcessSet() throws Exception {
        long chat = TelegramTestBot.newId();
        say(chat, chat, "/language en", "zh-hans", 1);
        awaitMenu(chat, "zh-hans", NEW_ENGLISH);

        t.crash();
        t.startBot();
        say(chat, chat, "/language auto", "zh-hans", 2);

        awaitChatMenuRemovedAndSimplifiedBack(chat);
    }

    @Test
    void languageSetsTheMenuAgainEvenWhereThisProcessBelievesItIsSet() throws Exception {
        long chat = TelegramTestBot.newId();
        say(chat, chat, "/language en", "zh-hans", 1);
        awaitMenu(chat, "zh-hans", NEW_ENGLISH);
        // Gone behind this process's back (as by another replica, or a call whose answer was lost).
        callBotApi("deleteMyCommands", "{\"scope\":{\"type\":\"chat\",\"chat_id\":" + chat + "}}");
        assertThat(newDescription(chat, "zh-hans")).isEqualTo(NEW_SIMPLIFIED);

        say(chat, chat, "/language en", "zh-hans", 2);

        awaitMenu(chat, "zh-hans", NEW_ENGLISH);
    }

    private static void callBotApi(String method, String json) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(t.telegram.baseUrl() + "/bot" + TelegramTestBot.TOKEN + "/" + method))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    /**
     * Waits until the menu calls decided so far are made: they go one at a time in order, so once a chat that needs
     * one (a new Traditional Chinese user's) has its menu, every call decided before it is done.
     */
    private static void awaitMenuCallsDone() {
        long marker = TelegramTestBot.newId();
        say(marker, marker, "/help", "zh-hant", 1);
        awaitMenu(marker, "zh-hant", NEW_TRADITIONAL);
    }

    /** The chat's own menu is gone, and a zh-hans app sees the Simplified language menu again. */
    private static void awaitChatMenuRemovedAndSimplifiedBack(long chat) {
        await(
                "the chat's menu removed",
                () -> t.telegram.chatCommands(chat, null).isEmpty(),
                WAIT);
        assertThat(newDescription(chat, "zh-hans")).isEqualTo(NEW_SIMPLIFIED);
    }

    private static void awaitMenu(long chat, String appLanguage, String newDescription) {
        await(
                "the menu of chat " + chat + " to describe /new as " + newDescription,
                () -> newDescription.equals(newDescription(chat, appLanguage)),
                WAIT);
    }

    private static @Nullable String newDescription(long chat, String appLanguage) {
        return t.telegram.menuInPrivateChat(chat, appLanguage).stream()
                .filter(entry -> entry.command().equals("new"))
                .map(BotCommandEntry::description)
                .findFirst()
                .orElse(null);
    }

    /** {@code user} writes {@code text} in {@code chat}; waits for the bot's {@code replies}-th message there. */
    private static void say(long chat, long user, String text, String appLanguage, int replies) {
        t.telegram.sendText(UserText.of(chat, user, text).withLanguageCode(appLanguage));
        await(
                "reply " + replies + " in chat " + chat,
                () -> t.telegram.messages(chat).size() >= replies
                        && t.core.activeAnswers().count() == 0,
                WAIT);
    }
}
