package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.quota.QuotaSettings;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.time.Duration;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers the gateway ends early or not at all: an empty completion, an answer cut by the length
 * limit, and what streams that break or go silent cost against the daily budget. Through the real
 * adapter, Spring AI against the fake gateway, and a real Redis.
 */
class TelegramAnswerLimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MAX_TOKENS = 8;
    private static final long DAILY_TOKENS = 1_000_000;
    private static TelegramTestBot t;

    @BeforeAll
    static void startBot() throws Exception {
        t = TelegramTestBot.start(new TelegramTestBot.Options()
                .maxTokens(MAX_TOKENS)
                .idleTimeout(Duration.ofSeconds(4))
                .quotas(new QuotaSettings(0, DAILY_TOKENS, 0, 0)));
        // The first requests of a JVM pay the HTTP client's warm-up, which may take longer than the
        // idle timeout on a busy machine; keep it out of the tests.
        long chat = TelegramTestBot.newId();
        for (int i = 1; i <= 3 && !texts(chat).contains("echo: warm up"); i++) {
            t.ask(chat, "warm up", i);
        }
    }

    @AfterAll
    static void stopBot() throws Exception {
        t.close();
    }

    @Test
    void tellsTheUserWhenTheModelReturnsNothingAndStoresNothing() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(Reply.empty());
        t.ask(chat, "say something", 1);
        assertThat(texts(chat).getFirst())
                .isEqualTo("🤷 The model returned an empty answer. Content filters and reasoning models that only"
                        + " think do this. Try rephrasing, or /retry.");

        t.gateway.enqueue(Reply.reasoningOnly("The user wants", " something, but"));
        t.telegram.sendText(dev.chatbridge.testsupport.telegram.UserText.of(chat, chat, "还在吗？")
                .withLanguageCode("zh-hans"));
        await(
                "the Chinese notice",
                () -> texts(chat).size() == 2 && t.core.activeAnswers().count() == 0,
                WAIT);
        assertThat(texts(chat).get(1)).startsWith("🤷 模型返回了空回答");

        t.gateway.enqueue(Reply.contentFiltered());
        t.ask(chat, "something forbidden", 3);
        assertThat(texts(chat).get(2)).contains("a content filter withheld it");

        t.ask(chat, "and now?", 4);
        assertThat(texts(chat).get(3)).isEqualTo("echo: and now?");
        assertThat(t.lastRequestFrom("and now?").messages())
                .extracting(ReceivedChatRequest.Msg::role, ReceivedChatRequest.Msg::text)
                .containsExactly(Tuple.tuple("user", "and now?"));
        // The pair is saved right after the answer is delivered.
        await("the turn saved", () -> t.redis.opsForList().size(contextKey(chat)) == 2, WAIT);
        assertThat(t.redis.opsForList().range(contextKey(chat), 0, -1))
                .noneMatch(turn -> turn.contains("\"text\":\"\""));
    }

    @Test
    void leavesOutEmptyAssistantTurnsThatAnEarlierVersionStored() {
        long chat = TelegramTestBot.newId();
        t.redis
                .opsForList()
                .rightPushAll(
                        contextKey(chat),
                        "{\"role\":\"USER\",\"text\":\"what is behind the filter?\"}",
                        "{\"role\":\"ASSISTANT\",\"text\":\"\"}",
                        "{\"role\":\"USER\",\"text\":\"My name is Ada\"}",
                        "{\"role\":\"ASSISTANT\",\"text\":\"Hello Ada\"}");

        t.ask(chat, "What is my name?", 1);

        ReceivedChatRequest request = t.lastRequestFrom("What is my name?");
        assertThat(request.messages())
                .extracting(ReceivedChatRequest.Msg::role, ReceivedChatRequest.Msg::text)
                .containsExactly(
                        Tuple.tuple("user", "what is behind the filter?"),
                        Tuple.tuple("user", "My name is Ada"),
                        Tuple.tuple("assistant", "Hello Ada"),
                        Tuple.tuple("user", "What is my name?"));
    }

    @Test
    void showsAnAnswerCutByTheLengthLimitWithANoteAndKeepsItSoContinueWorks() {
        long chat = TelegramTestBot.newId();
        // 8 tokens at the fake's 4 characters a token: the answer stops after 32 characters.
        t.gateway.enqueue(Reply.of("Once upon a time there was a bot that talked far too much."));
        t.ask(chat, "tell me a story", 1);

        assertThat(t.lastRequestFrom("tell me a story").maxTokens()).isEqualTo(MAX_TOKENS);
        assertThat(t.lastRequestFrom("tell me a story").body().has("max_completion_tokens"))
                .isFalse();
        assertThat(texts(chat).getFirst())
                .isEqualTo("Once upon a time there was a bot\n\n"
                        + "✂️ The answer was cut off here: it reached the length limit of 8 tokens."
                        + " Send \"continue\" for the rest.");

        t.ask(chat, "continue", 2);
        assertThat(t.lastRequestFrom("continue").messages())
                .extracting(ReceivedChatRequest.Msg::role, ReceivedChatRequest.Msg::text)
                .containsExactly(
                        Tuple.tuple("user", "tell me a story"),
                        Tuple.tuple("assistant", "Once upon a time there was a bot"),
                        Tuple.tuple("user", "continue"));
    }

    @Test
    void chargesTheDailyBudgetForStreamsThatAreCutOrGoSilent() {
        long chat = TelegramTestBot.newId();
        QuotaUser user = new QuotaUser("tg", Long.toString(chat));

        t.gateway.enqueue(
                Reply.of("This answer will be cut somewhere in the middle").cutAfterChunks(3));
        t.telegram.sendText(chat, chat, "a question the gateway cuts short");
        await(
                "cut answer shown",
                () -> texts(chat).size() == 1 && t.core.activeAnswers().count() == 0,
                WAIT);
        assertThat(texts(chat).getFirst()).contains("cut off by the AI gateway");
        // The charge is recorded after the answer is shown and the turn ended.
        await("the cut stream charged", () -> tokensLeft(user) < DAILY_TOKENS, WAIT);
        long afterCut = tokensLeft(user);
        // Estimated with jtokkit: the question went in, the 12 characters shown came out.
        assertThat(t.core.quotas().usage(user).today().tokensIn()).isPositive();
        assertThat(t.core.quotas().usage(user).today().tokensOut()).isPositive();

        t.gateway.enqueue(Reply.of("starts fine and then nothing more").hangAfterChunks(2));
        t.telegram.sendText(chat, chat, "a question the gateway forgets");
        await(
                "timeout shown",
                () -> texts(chat).size() == 2 && t.core.activeAnswers().count() == 0,
                WAIT);
        assertThat(texts(chat).get(1)).contains("stopped responding");
        await("the silent stream charged", () -> tokensLeft(user) < afterCut, WAIT);
        long afterSilence = tokensLeft(user);

        // A refusal before the model saw anything costs nothing.
        t.gateway.enqueue(Reply.httpError(
                503, "{\"error\":{\"message\":\"no channel\",\"type\":\"new_api_error\",\"code\":null}}"));
        t.ask(chat, "refused", 3);
        assertThat(tokensLeft(user)).isEqualTo(afterSilence);
    }

    private static long tokensLeft(QuotaUser user) {
        return t.core.quotas().usage(user).tokensLeft();
    }

    private static String contextKey(long chat) {
        return "cb:ctx:tg:" + chat + ":" + chat;
    }

    private static List<String> texts(long chat) {
        return t.telegram.messages(chat).stream().map(SentMessage::text).toList();
    }
}
