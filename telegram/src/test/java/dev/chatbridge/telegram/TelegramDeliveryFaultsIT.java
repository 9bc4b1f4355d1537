package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.ApiCall;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the bot does when Telegram refuses its calls for good: a blocked bot, a deactivated user, a
 * group that became a supergroup.
 */
class TelegramDeliveryFaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void stopsAtOnceWithoutRetriesAndKeepsNothingWhenTheUserBlocksTheBotMidAnswer() throws Exception {
        try (var t = TelegramTestBot.start()) {
            long chat = TelegramTestBot.newId();
            // About six seconds of streaming: sixty chunks, 100 ms apart.
            t.gateway.enqueue(Reply.of("word ".repeat(60)).withChunkSize(5).withChunkDelay(Duration.ofMillis(100)));
            t.telegram.sendText(chat, chat, "first question");
            await("the answer started", () -> !t.telegram.messages(chat).isEmpty(), WAIT);

            t.telegram.blockBot(chat);
            long blocked = System.nanoTime();
            await("the answer ended", () -> t.core.activeAnswers().count() == 0, WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - blocked))
                    .as("the answer stops at the first refusal, not when the stream ends")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(refusedMessageCalls(t, chat)).as("no retries").hasSize(1);

            t.telegram.unblockBot(chat);
            t.telegram.sendText(chat, chat, "second question");
            await("the next answer", () -> texts(t, chat).contains("echo: second question"), WAIT);
            assertThat(refusedMessageCalls(t, chat)).hasSize(1);
            assertThat(t.lastRequestFrom("second question").messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .as("the blocked answer was not kept in the context")
                    .noneMatch(text -> text.contains("first question") || text.contains("word word"));
        }
    }

    @Test
    void triesADeactivatedUserOnceAndKeepsNothing() throws Exception {
        try (var t = TelegramTestBot.start()) {
            long chat = TelegramTestBot.newId();
            t.telegram.deactivateUser(chat);
            t.telegram.sendText(chat, chat, "lost question");
            await("the refused answer", () -> !refusedMessageCalls(t, chat).isEmpty(), WAIT);
            await("the answer ended", () -> t.core.activeAnswers().count() == 0, WAIT);
            await(
                    "the gateway was asked",
                    () -> t.gateway.requests().stream()
                            .anyMatch(r -> r.lastUserText().equals("lost question")),
                    WAIT);

            t.telegram.unblockBot(chat);
            t.telegram.sendText(chat, chat, "next question");
            await("the next answer", () -> texts(t, chat).contains("echo: next question"), WAIT);
            assertThat(refusedMessageCalls(t, chat))
                    .as("one refused call, never retried")
                    .hasSize(1)
                    .first()
                    .extracting(ApiCall::errorDescription)
                    .isEqualTo("Forbidden: user is deactivated");
            assertThat(t.lastRequestFrom("next question").messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .noneMatch(text -> text.contains("lost question"));
        }
    }

    @Test
    void followsAGroupThatBecameASupergroupMidAnswerAndMovesItsConversationThere() throws Exception {
        try (var t = TelegramTestBot.start()) {
            long group = -TelegramTestBot.newId();
            long user = TelegramTestBot.newId();
            String bot = "@" + FakeTelegramBotApi.DEFAULT_BOT_USERNAME;
            t.telegram.sendText(inGroup(group, user, bot + " remember the number 42"));
            await("first answer", () -> texts(t, group).contains("echo: remember the number 42"), WAIT);
            await("first answer saved", () -> t.core.activeAnswers().count() == 0, WAIT);

            // About three seconds of streaming; the group is upgraded once the first words are shown.
            String longAnswer = "Here is more about it. ".repeat(15).strip();
            t.gateway.enqueue(Reply.of(longAnswer).withChunkSize(12).withChunkDelay(Duration.ofMillis(100)));
            t.telegram.sendText(inGroup(group, user, bot + " tell me more"));
            await("the answer started", () -> texts(t, group).size() == 2, WAIT);
            long supergroup = t.telegram.migrateToSupergroup(group, user);

            await(
                    "the whole answer in the supergroup",
                    () -> texts(t, supergroup).contains(longAnswer)
                            && t.core.activeAnswers().count() == 0,
                    WAIT);
            assertThat(t.telegram.calls().stream().filter(call -> call.chatId() == group && call.httpStatus() == 400))
                    .as("the old id is given up after its first refusal")
                    .hasSize(1)
                    .allMatch(call -> "Bad Request: group chat was upgraded to a supergroup chat"
                            .equals(call.errorDescription()));

            t.telegram.sendText(inGroup(supergroup, user, bot + " which number?"));
            await("an answer in the supergroup", () -> texts(t, supergroup).contains("echo: which number?"), WAIT);
            assertThat(t.lastRequestFrom("which number?").messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .as("the group's conversation, including the answer written during the upgrade, moved along")
                    .containsSubsequence(
                            "remember the number 42", "echo: remember the number 42", "tell me more", longAnswer);
        }
    }

    @Test
    void fallsBackToSendThenEditWhenDraftsAreRefusedAndDeliversTheWholeAnswer() throws Exception {
        var options = new TelegramTestBot.Options().streaming(TelegramSettings.StreamingMode.DRAFT);
        try (var t = TelegramTestBot.start(options)) {
            // A self-hosted Bot API server older than sendMessageDraft answers 404 for it.
            t.telegram.withoutMethod("sendMessageDraft");
            long chat = TelegramTestBot.newId();
            String answer = "A streamed answer, word after word. ".repeat(12).strip();
            t.gateway.enqueue(Reply.of(answer).withChunkSize(12).withChunkDelay(Duration.ofMillis(100)));
            t.telegram.sendText(chat, chat, "stream it");

            await(
                    "the first words shown in a message",
                    () -> !t.telegram.messages(chat).isEmpty(),
                    WAIT);
            assertThat(t.telegram.messages(chat).getFirst().text())
                    .as("shown while the answer is still being written")
                    .isNotEqualTo(answer);
            await(
                    "the whole answer",
                    () -> texts(t, chat).equals(List.of(answer))
                            && t.core.activeAnswers().count() == 0,
                    WAIT);
            assertThat(t.telegram.calls("sendMessageDraft"))
                    .as("one refused draft, then none for this answer")
                    .hasSize(1);
            assertThat(t.telegram.messages(chat).getFirst().editCount())
                    .as("updated by edits")
                    .isPositive();
        }
    }

    private static UserText inGroup(long group, long user, String text) {
        return UserText.of(group, user, text)
                .withChatType(group < -1_000_000_000_000L ? UserText.ChatType.SUPERGROUP : UserText.ChatType.GROUP);
    }

    /** Refused calls that would have shown text (chat actions are a courtesy and are ignored). */
    private static List<ApiCall> refusedMessageCalls(TelegramTestBot t, long chat) {
        return t.telegram.calls().stream()
                .filter(call -> call.chatId() == chat && call.httpStatus() == 403)
                .filter(call -> !call.method().equalsIgnoreCase("sendChatAction"))
                .toList();
    }

    private static List<String> texts(TelegramTestBot t, long chat) {
        return t.telegram.messages(chat).stream().map(SentMessage::text).toList();
    }
}
