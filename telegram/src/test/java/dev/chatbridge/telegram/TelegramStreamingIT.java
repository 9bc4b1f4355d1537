package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.ApiCall;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How answers stream into Telegram: cadence, drafts, splitting, 429s and markup fallback. */
class TelegramStreamingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void showsFirstWordsAtOnceThenEditsNoFasterThanTelegramAllows() throws Exception {
        var options = new TelegramTestBot.Options().intervals(Duration.ofMillis(1000), Duration.ofMillis(3000));
        try (var t = TelegramTestBot.start(options)) {
            String answer = "**Streaming** works: " + words(70);
            t.gateway.enqueue(Reply.of(answer).withChunkSize(6).withChunkDelay(Duration.ofMillis(40)));
            long chat = TelegramTestBot.newId();

            t.telegram.sendText(chat, chat, "Tell me something long");

            await("final rendered answer", () -> isFinal(t, chat), WAIT);
            SentMessage message = t.telegram.messages(chat).getFirst();
            assertThat(t.telegram.messages(chat)).hasSize(1);
            assertThat(message.text()).isEqualTo(answer.replace("**", ""));
            assertThat(message.rawText()).startsWith("<b>Streaming</b>");
            assertThat(t.telegram.rateViolations(chat)).isZero();

            List<ApiCall> edits = callsIn(t, chat, "editmessagetext");
            List<ApiCall> sends = callsIn(t, chat, "sendmessage");
            assertThat(sends).hasSize(1);
            // About 2 s of streaming at one update per second: a few edits, never one per token.
            assertThat(edits.size()).isBetween(1, 5);
            ReceivedChatRequest request = t.gateway.requests().getFirst();
            Duration firstTokenToVisible = Duration.between(
                    request.firstChunkSentAt(), sends.getFirst().receivedAt());
            System.out.printf(
                    "[measure] edit mode: %d edits, first token -> first visible text %d ms%n",
                    edits.size(), firstTokenToVisible.toMillis());
            assertThat(sends.getFirst().param("text")).hasSizeLessThan(answer.length());
        }
    }

    @Test
    void streamsIntoNativeDraftsInPrivateChatsThenSendsTheFinishedAnswer() throws Exception {
        var options = new TelegramTestBot.Options().streaming(TelegramSettings.StreamingMode.DRAFT);
        try (var t = TelegramTestBot.start(options)) {
            String answer = "Drafts: " + words(60);
            t.gateway.enqueue(Reply.of(answer).withChunkSize(5).withChunkDelay(Duration.ofMillis(20)));
            long chat = TelegramTestBot.newId();

            t.telegram.sendText(chat, chat, "Stream it natively");

            t.telegram.awaitMessages(chat, 1, WAIT);
            await("answer complete", () -> t.core.activeAnswers().count() == 0, WAIT);
            assertThat(t.telegram.drafts(chat)).isNotEmpty();
            assertThat(t.telegram.drafts(chat))
                    .allSatisfy(draft -> assertThat(answer).startsWith(draft.text()));
            assertThat(callsIn(t, chat, "editmessagetext")).isEmpty();
            assertThat(t.telegram.messages(chat))
                    .singleElement()
                    .satisfies(message -> assertThat(message.text()).isEqualTo(answer));
            assertThat(t.telegram.rateViolations(chat)).isZero();
            ApiCall firstDraft = callsIn(t, chat, "sendmessagedraft").getFirst();
            Duration firstTokenToVisible =
                    Duration.between(t.gateway.requests().getFirst().firstChunkSentAt(), firstDraft.receivedAt());
            System.out.printf(
                    "[measure] draft mode: %d drafts, first token -> first visible text %d ms%n",
                    t.telegram.drafts(chat).size(), firstTokenToVisible.toMillis());
        }
    }

    @Test
    void deliversAnswersLongerThan4096CharactersInFullAcrossMessages() throws Exception {
        try (var t = TelegramTestBot.start()) {
            String code = "```java\n"
                    + IntStream.range(0, 60)
                            .mapToObj(i -> "int value" + i + " = compute(" + i + ");")
                            .collect(Collectors.joining("\n"))
                    + "\n```";
            String answer = IntStream.range(0, 150)
                    .mapToObj(i ->
                            (i == 70 ? code + "\n\n" : "") + "Paragraph P" + String.format("%03d", i) + " " + words(8))
                    .collect(Collectors.joining("\n\n"));
            assertThat(answer.length()).isGreaterThan(9000);
            t.gateway.enqueue(Reply.of(answer).withChunkSize(300).withChunkDelay(Duration.ofMillis(10)));
            long chat = TelegramTestBot.newId();

            t.telegram.sendText(chat, chat, "Write a lot");

            await(
                    "all parts delivered",
                    () -> t.core.activeAnswers().count() == 0
                            && t.telegram.messages(chat).size() >= 3
                            && t.telegram.messages(chat).getLast().text().contains("P149"),
                    WAIT);
            List<SentMessage> messages = t.telegram.messages(chat);
            // Parts without formatting may keep their plain text: re-sending it as HTML is "not modified".
            assertThat(messages)
                    .allSatisfy(message -> assertThat(message.text().length()).isLessThanOrEqualTo(4096));
            String all = messages.stream().map(SentMessage::text).collect(Collectors.joining("\n"));
            for (int i = 0; i < 150; i++) {
                String marker = "P" + String.format("%03d", i) + " ";
                assertThat(all.split(marker, -1))
                        .as("occurrences of %s", marker)
                        .hasSize(2);
            }
            for (int i = 0; i < 60; i++) {
                assertThat(all).contains("int value" + i + " = compute(" + i + ");");
            }
            assertThat(messages.stream().filter(m -> m.rawText().contains("<pre>")))
                    .isNotEmpty();
            assertThat(t.telegram.rateViolations(chat)).isZero();
        }
    }

    @Test
    void waitsOutA429RetryAfterAndStillDeliversTheFinalText() throws Exception {
        assertRetryAfterHonoured(false);
    }

    @Test
    void honoursARetryAfterHeaderWhenTheBodyHasNone() throws Exception {
        assertRetryAfterHonoured(true);
    }

    private void assertRetryAfterHonoured(boolean headerOnly) throws Exception {
        try (var t = TelegramTestBot.start()) {
            String answer = "Survives flood control: " + words(40);
            t.gateway.enqueue(Reply.of(answer).withChunkSize(4).withChunkDelay(Duration.ofMillis(25)));
            t.telegram.failNext("editMessageText", 429, "Too Many Requests: retry after 2", 2, headerOnly);
            long chat = TelegramTestBot.newId();

            t.telegram.sendText(chat, chat, "Go");

            await(
                    "final answer",
                    () -> t.core.activeAnswers().count() == 0
                            && !t.telegram.messages(chat).isEmpty()
                            && t.telegram.messages(chat).getFirst().text().equals(answer),
                    WAIT);
            List<ApiCall> calls = callsIn(t, chat, "editmessagetext");
            ApiCall limited = calls.stream()
                    .filter(call -> call.httpStatus() == 429)
                    .findFirst()
                    .orElseThrow();
            ApiCall next = calls.get(calls.indexOf(limited) + 1);
            assertThat(Duration.between(limited.receivedAt(), next.receivedAt()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            assertThat(t.telegram.rateViolations(chat)).isZero();
        }
    }

    @Test
    void fallsBackToPlainTextWhenTelegramRejectsTheHtml() throws Exception {
        try (var t = TelegramTestBot.start()) {
            String answer = "**Bold** and `code`";
            // Two chunks apart, so the first words are shown before the final (HTML) edit.
            t.gateway.enqueue(Reply.of(answer).withChunkSize(10).withChunkDelay(Duration.ofMillis(400)));
            t.telegram.failNext(
                    "editMessageText",
                    400,
                    "Bad Request: can't parse entities: Unsupported start tag \"b\" at byte offset 0");
            long chat = TelegramTestBot.newId();

            t.telegram.sendText(chat, chat, "Format this");

            await(
                    "answer complete",
                    () -> t.core.activeAnswers().count() == 0
                            && callsIn(t, chat, "editmessagetext").size() >= 2,
                    WAIT);
            List<ApiCall> edits = callsIn(t, chat, "editmessagetext");
            // On a loaded machine a plain streaming edit may come first; the final edit is the HTML one.
            int rejected = IntStream.range(0, edits.size())
                    .filter(i -> "HTML".equalsIgnoreCase(edits.get(i).param("parse_mode")))
                    .findFirst()
                    .orElseThrow();
            assertThat(edits.get(rejected).httpStatus()).isEqualTo(400);
            // The plain retry equals what is already shown: "message is not modified" counts as delivered, no loop.
            assertThat(edits).hasSize(rejected + 2);
            assertThat(edits.get(rejected + 1).param("parse_mode")).isNull();
            assertThat(t.telegram.messages(chat))
                    .singleElement()
                    .satisfies(message -> assertThat(message.text()).isEqualTo(answer));
        }
    }

    static String words(int count) {
        return IntStream.range(0, count).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
    }

    static List<ApiCall> callsIn(TelegramTestBot t, long chat, String method) {
        return t.telegram.calls().stream()
                .filter(call -> call.chatId() == chat && call.method().equalsIgnoreCase(method))
                .toList();
    }

    private static boolean isFinal(TelegramTestBot t, long chat) {
        List<SentMessage> messages = t.telegram.messages(chat);
        return t.core.activeAnswers().count() == 0
                && !messages.isEmpty()
                && "HTML".equalsIgnoreCase(messages.getLast().parseMode());
    }
}
