package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.ApiCall;
import dev.chatbridge.testsupport.ChatRequest;
import dev.chatbridge.testsupport.Reply;
import dev.chatbridge.testsupport.SentMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the bot does when Telegram refuses its calls for good: a blocked bot, a deactivated user. */
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
                    .extracting(ChatRequest.Msg::text)
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
                    .extracting(ChatRequest.Msg::text)
                    .noneMatch(text -> text.contains("lost question"));
        }
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
