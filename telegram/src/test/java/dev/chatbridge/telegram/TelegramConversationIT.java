package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Context, ordering, dedupe and upstream failures, through the real adapter. */
class TelegramConversationIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TelegramTestBot t = TelegramTestBot.forTheClass();

    @Test
    void remembersEarlierTurns() {
        long chat = TelegramTestBot.newId();
        t.ask(chat, "My name is Ada", 1);
        t.ask(chat, "What is my name?", 2);

        ReceivedChatRequest second = t.lastRequestFrom("What is my name?");
        assertThat(second.messages())
                .extracting(ReceivedChatRequest.Msg::role, ReceivedChatRequest.Msg::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("user", "My name is Ada"),
                        org.assertj.core.groups.Tuple.tuple("assistant", "echo: My name is Ada"),
                        org.assertj.core.groups.Tuple.tuple("user", "What is my name?"));
    }

    @Test
    void answersAnUpdateDeliveredTwiceOnlyOnce() throws Exception {
        long chat = TelegramTestBot.newId();
        int requestsBefore = t.gateway.requests().size();
        int updateId = t.telegram.sendText(chat, chat, "once please");
        t.telegram.redeliver(updateId);
        t.telegram.awaitMessages(chat, 1, WAIT);
        Thread.sleep(1500);

        assertThat(t.telegram.messages(chat)).hasSize(1);
        assertThat(t.gateway
                        .requests()
                        .subList(requestsBefore, t.gateway.requests().size()))
                .filteredOn(request -> request.lastUserText().equals("once please"))
                .hasSize(1);
    }

    @Test
    void answersTwoQuickMessagesInOrderWithoutInterleaving() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(Reply.of("first answer, written slowly").withChunkDelay(Duration.ofMillis(60)));
        t.telegram.sendText(chat, chat, "first question");
        t.telegram.sendText(chat, chat, "second question");

        await(
                "both answered",
                () -> finalTexts(chat).size() == 2 && finalTexts(chat).get(1).equals("echo: second question"),
                WAIT);
        assertThat(finalTexts(chat)).containsExactly("first answer, written slowly", "echo: second question");
        ReceivedChatRequest second = t.lastRequestFrom("second question");
        assertThat(second.messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("first question", "first answer, written slowly", "second question");
    }

    @Test
    void showsPartialTextAndANoteWhenTheStreamIsCutAndKeepsTheContextClean() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(
                Reply.of("This answer will be cut somewhere in the middle").cutAfterChunks(3));
        t.telegram.sendText(chat, chat, "doomed question");

        await(
                "cut answer shown",
                () -> finalTexts(chat).size() == 1
                        && finalTexts(chat).getFirst().contains("⚠️"),
                WAIT);
        assertThat(finalTexts(chat).getFirst()).startsWith("This answer").contains("cut off by the AI gateway");

        t.ask(chat, "fresh question", 2);
        assertThat(t.lastRequestFrom("fresh question").messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("fresh question");
    }

    @Test
    void reportsAGatewayHttpErrorAndTheNextMessageWorks() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(
                Reply.httpError(
                        500,
                        "{\"error\":{\"message\":\"upstream exploded\",\"type\":\"new_api_error\",\"code\":\"bad_response\"}}"));
        t.telegram.sendText(chat, chat, "will fail");

        await("error shown", () -> finalTexts(chat).size() == 1, WAIT);
        assertThat(finalTexts(chat).getFirst())
                .contains("AI gateway returned an error")
                .contains("500");

        t.ask(chat, "works again?", 2);
        assertThat(finalTexts(chat).get(1)).isEqualTo("echo: works again?");
    }

    @Test
    void reportsAnErrorSentInsideTheStream() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(Reply.of("Half an answer then trouble").errorMidStream(2, "channel quota exhausted"));
        t.telegram.sendText(chat, chat, "mid stream error");

        await(
                "error shown",
                () -> finalTexts(chat).size() == 1
                        && finalTexts(chat).getFirst().contains("⚠️"),
                WAIT);
        assertThat(finalTexts(chat).getFirst()).startsWith("Half an").contains("channel quota exhausted");
    }

    @Test
    void worksWithLaxGatewaysThatOmitIdsModelAndIndex() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(Reply.of("lax gateways are fine").lax());
        t.ask(chat, "lax?", 1);
        assertThat(finalTexts(chat)).containsExactly("lax gateways are fine");
    }

    @Test
    void tellsTheUserOnceWhenOldTurnsAreDropped() throws Exception {
        try (var small = TelegramTestBot.start(new TelegramTestBot.Options().contextTokens(300))) {
            long chat = TelegramTestBot.newId();
            String padding = " lorem ipsum dolor sit amet".repeat(12);
            for (int i = 1; i <= 4; i++) {
                small.telegram.sendText(chat, chat, "question " + i + padding);
                int expected = i;
                await(
                        "answer " + i,
                        () -> small.telegram.messages(chat).stream()
                                                .filter(m -> m.text().startsWith("echo: question " + expected))
                                                .count()
                                        == 1
                                && small.core.activeAnswers().count() == 0,
                        WAIT);
            }
            long notices = small.telegram.messages(chat).stream()
                    .filter(m -> m.text().contains("dropped the oldest"))
                    .count();
            assertThat(notices).isEqualTo(1);
            ReceivedChatRequest last = small.gateway.requests().getLast();
            assertThat(last.messages().getFirst().text()).doesNotStartWith("question 1");
        }
    }

    @Test
    void acceptsAGatewayUrlThatAlreadyEndsInV1() throws Exception {
        try (var v1 = TelegramTestBot.start(new TelegramTestBot.Options().gatewayUrlSuffix("/v1/"))) {
            long chat = TelegramTestBot.newId();
            v1.telegram.sendText(chat, chat, "via /v1");
            await(
                    "answered",
                    () -> v1.telegram.messages(chat).stream()
                            .anyMatch(m -> m.text().equals("echo: via /v1")),
                    WAIT);
        }
    }

    @Test
    void reportsATimeoutWhenTheGatewayGoesSilent() throws Exception {
        try (var slow = TelegramTestBot.start(new TelegramTestBot.Options().idleTimeout(Duration.ofSeconds(2)))) {
            long chat = TelegramTestBot.newId();
            // The first request of a JVM pays the HTTP client's warm-up; keep it out of the timed silence.
            slow.telegram.sendText(chat, chat, "warm up");
            await(
                    "warm-up answer",
                    () -> slow.telegram.messages(chat).stream()
                                    .anyMatch(m -> m.text().equals("echo: warm up"))
                            && slow.core.activeAnswers().count() == 0,
                    WAIT);
            slow.gateway.enqueue(Reply.of("starts fine and then nothing more").hangAfterChunks(2));
            slow.telegram.sendText(chat, chat, "hang");
            await(
                    "timeout shown",
                    () -> slow.telegram.messages(chat).stream()
                            .anyMatch(m -> m.text().contains("stopped responding")),
                    WAIT);
            assertThat(slow.telegram.messages(chat).getLast().text()).startsWith("starts f");
        }
    }

    static List<String> finalTexts(long chat) {
        return t.telegram.messages(chat).stream().map(SentMessage::text).toList();
    }
}
