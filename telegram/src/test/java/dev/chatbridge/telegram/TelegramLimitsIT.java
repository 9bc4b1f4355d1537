package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.chat.ResilientChatUpstream;
import dev.chatbridge.core.quota.QuotaSettings;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.SentMessage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The per-user limits, admins' runtime controls and the gateway's circuit breaker, through the
 * real Telegram adapter, the fake Bot API and gateway, and a real Redis shared by the bots.
 */
class TelegramLimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void refusesAUserOverTheRateWithoutCallingTheGatewayAndSaysWhenToRetry() throws Exception {
        try (var t = TelegramTestBot.start(new TelegramTestBot.Options().quotas(new QuotaSettings(2, 0, 0, 0)))) {
            long user = TelegramTestBot.newId();
            t.ask(user, "first question", 1);
            t.ask(user, "second question", 2);
            t.ask(user, "third question", 3);

            assertThat(lastText(t, user))
                    .startsWith("⏳ You're sending messages too fast (limit: 2 per minute)")
                    .containsPattern("Try again in \\d+ s");
            assertThat(t.gateway.requests())
                    .extracting(ReceivedChatRequest::lastUserText)
                    .contains("first question", "second question")
                    .doesNotContain("third question");
            // Commands that cost nothing still work, and show the figures.
            t.ask(user, "/usage", 4);
            assertThat(lastText(t, user)).contains("Messages: 2 (at most 2 per minute)");
        }
    }

    @Test
    void countsTheDailyBudgetFromTheGatewaysUsageChunk() throws Exception {
        try (var t = TelegramTestBot.start(new TelegramTestBot.Options().quotas(new QuotaSettings(0, 100, 0, 0)))) {
            long user = TelegramTestBot.newId();
            // The fake reports usage as characters / 4: 400 characters are 100 completion tokens,
            // while jtokkit would count these 400 'x' far fewer.
            t.gateway.enqueue(Reply.of("x".repeat(400)));
            t.ask(user, "Tell me a long story", 1);
            assertThat(t.lastRequestFrom("Tell me a long story")
                            .body()
                            .path("stream_options")
                            .path("include_usage")
                            .asBoolean())
                    .isTrue();
            // The tokens are charged right after the answer is delivered.
            var quotaUser = new QuotaUser("tg", Long.toString(user));
            await(
                    "tokens charged",
                    () -> t.core.quotas().usage(quotaUser).today().tokensOut() > 0,
                    WAIT);

            t.ask(user, "/usage", 2);
            assertThat(lastText(t, user)).contains("Tokens: 5 in, 100 out — 0 of 100 left");

            t.ask(user, "and another one?", 3);
            assertThat(lastText(t, user))
                    .startsWith("📊 You've used today's budget of 100 tokens.")
                    .contains("resets at 00:00 UTC");
            assertThat(t.gateway.requests())
                    .extracting(ReceivedChatRequest::lastUserText)
                    .doesNotContain("and another one?");
        }
    }

    @Test
    void twoInstancesShareOneLimitThroughRedis() throws Exception {
        var options = new TelegramTestBot.Options().quotas(new QuotaSettings(2, 0, 0, 0));
        try (var a = TelegramTestBot.start(options);
                var b = TelegramTestBot.start(options)) {
            long user = TelegramTestBot.newId();
            askEither(a, b, user, "on instance A", 1);
            askEither(b, a, user, "on instance B", 2);
            askEither(a, b, user, "on A again", 3);

            // The instances share the conversation queue, so either may answer a message (through its own fake).
            assertThat(java.util.stream.Stream.concat(
                                    a.telegram.messages(user).stream(), b.telegram.messages(user).stream())
                            .map(SentMessage::text))
                    .filteredOn(text -> text.startsWith("⏳ You're sending messages too fast"))
                    .hasSize(1);
            assertThat(a.gateway.requests().size() + b.gateway.requests().size())
                    .isEqualTo(2);
        }
    }

    /** Sends through {@code to}; waits until the two instances together have sent {@code expectedMessages}. */
    private static void askEither(
            TelegramTestBot to, TelegramTestBot other, long user, String question, int expectedMessages) {
        to.telegram.sendText(user, user, question);
        await(
                "answer to " + question,
                () -> to.telegram.messages(user).size()
                                        + other.telegram.messages(user).size()
                                >= expectedMessages
                        && to.core.activeAnswers().count() == 0
                        && other.core.activeAnswers().count() == 0,
                WAIT);
    }

    @Test
    void limitsDailyDrawingJobsAndDoesNotCountOnesTheProxyRefused() throws Exception {
        try (var t = TelegramTestBot.start(new TelegramTestBot.Options().quotas(new QuotaSettings(0, 0, 1, 0)))) {
            long user = TelegramTestBot.newId();
            t.midjourney.nextSubmitHttpError(502);
            t.telegram.sendText(user, user, "/imagine while the proxy is down");
            t.telegram.awaitMessages(user, 1, WAIT);
            assertThat(lastText(t, user)).startsWith("⚠️ The Midjourney proxy is not working right now");

            t.telegram.sendText(user, user, "/imagine a red fox");
            await("the grid", () -> t.telegram.messages(user).stream().anyMatch(SentMessage::photo), WAIT);
            int before = t.telegram.messages(user).size();

            t.telegram.sendText(user, user, "/imagine a blue fox");
            t.telegram.awaitMessages(user, before + 1, WAIT);
            assertThat(lastText(t, user)).startsWith("🎨 You've used today's 1 drawing jobs.");
            assertThat(t.midjourney.submits())
                    .extracting(submit -> submit.body().path("prompt").asString())
                    .doesNotContain("a blue fox");
        }
    }

    @Test
    void imageCommandCountsAgainstTheDailyDrawingJobsButAFailedDrawingDoesNot() throws Exception {
        try (var t = TelegramTestBot.start(new TelegramTestBot.Options().quotas(new QuotaSettings(0, 0, 1, 0)))) {
            long user = TelegramTestBot.newId();
            t.gateway.refuseNextImage("Your request was rejected as a result of our safety system.");
            t.telegram.sendText(user, user, "/image something forbidden");
            await(
                    "refusal",
                    () -> t.telegram.messages(user).stream()
                            .anyMatch(m -> m.text().contains("refused this prompt")),
                    WAIT);

            t.telegram.sendText(user, user, "/image a lighthouse at dawn");
            await("the picture", () -> t.telegram.messages(user).stream().anyMatch(SentMessage::photo), WAIT);
            int drawings = t.gateway.imageRequests().size();
            int before = t.telegram.messages(user).size();

            t.telegram.sendText(user, user, "/image a second lighthouse");
            t.telegram.awaitMessages(user, before + 1, WAIT);
            assertThat(lastText(t, user))
                    .startsWith("🎨 You've used today's 1 drawing jobs.")
                    .contains("reset at 00:00 UTC");
            assertThat(t.gateway.imageRequests()).hasSize(drawings);
            assertThat(t.core.quotas()
                            .usage(new QuotaUser("tg", Long.toString(user)))
                            .today()
                            .images())
                    .isEqualTo(1);
        }
    }

    @Test
    void refusesOverlongMessagesBeforeAnythingElse() throws Exception {
        try (var t = TelegramTestBot.start(new TelegramTestBot.Options().quotas(new QuotaSettings(0, 0, 0, 50)))) {
            long user = TelegramTestBot.newId();
            t.ask(user, "y".repeat(51), 1);
            assertThat(lastText(t, user)).startsWith("✂️ Your message is too long (51 characters; the limit is 50)");
            assertThat(t.gateway.requests()).isEmpty();
            t.ask(user, "short one", 2);
            assertThat(lastText(t, user)).isEqualTo("echo: short one");
        }
    }

    @Test
    void refusesAQuestionTooLongForTheModelsContext() throws Exception {
        try (var t = TelegramTestBot.start(new TelegramTestBot.Options().contextTokens(300))) {
            long user = TelegramTestBot.newId();
            t.ask(user, "lorem ipsum dolor sit amet ".repeat(100), 1);
            assertThat(lastText(t, user)).startsWith("✂️ Your message is too long for the model's context");
            assertThat(t.gateway.requests()).isEmpty();
        }
    }

    @Test
    void adminsBlockAllowAndLimitUsersOnEveryInstance() throws Exception {
        long admin = TelegramTestBot.newId();
        long user = TelegramTestBot.newId();
        // A Redis of their own, so that /stats counts only this test's users.
        try (var redis = RedisTestServer.startDedicated();
                var a = TelegramTestBot.start(options(redis, admin));
                var b = TelegramTestBot.start(options(redis, admin))) {
            a.ask(user, "/block " + admin, 1);
            assertThat(lastText(a, user)).isEqualTo("Only the bot's admins can use this command.");

            a.ask(admin, "/block " + user, 1);
            assertThat(lastText(a, admin)).contains("is blocked");
            b.ask(user, "hello from a blocked user", 1);
            assertThat(lastText(b, user)).isEqualTo("Sorry, you have been blocked from using this bot.");
            assertThat(b.gateway.requests()).isEmpty();

            a.ask(admin, "/allow " + user, 2);
            a.ask(admin, "/limit " + user + " messages 1", 3);
            assertThat(lastText(a, admin)).contains("set to 1");
            b.ask(user, "hello again", 2);
            assertThat(lastText(b, user)).isEqualTo("echo: hello again");
            b.ask(user, "and again", 3);
            assertThat(lastText(b, user)).startsWith("⏳ You're sending messages too fast (limit: 1 per minute)");

            a.ask(admin, "/stats", 4);
            assertThat(lastText(a, admin))
                    .contains(
                            "Users: 1 · messages: 1 · refused: 1",
                            "Blocked users: 0",
                            "Top users by tokens",
                            "tg:" + user + " — ");
            a.ask(admin, "/block " + admin, 5);
            assertThat(lastText(a, admin)).contains("is an admin and cannot be blocked");
        }
    }

    @Test
    void aDeadGatewayOpensTheBreakerAndUsersAreToldAtOnce() throws Exception {
        var breaker = new ResilientChatUpstream.Settings(2, 50, Duration.ofMinutes(5));
        try (var t = TelegramTestBot.start(new TelegramTestBot.Options().breaker(breaker))) {
            long user = TelegramTestBot.newId();
            t.gateway.close();
            t.ask(user, "anyone there?", 1);
            t.ask(user, "hello?", 2);
            assertThat(t.telegram.messages(user))
                    .extracting(SentMessage::text)
                    .allMatch(text -> text.contains("cannot be reached"));
            assertThat(t.core.upstreamBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

            t.ask(user, "still down?", 3);
            assertThat(lastText(t, user))
                    .isEqualTo(
                            "⚠️ The AI gateway keeps failing, so I've paused requests to it. Please try again in 5 min (/retry).");
            assertThat(t.core.upstreamBreaker().getMetrics().getNumberOfNotPermittedCalls())
                    .isEqualTo(1);
        }
    }

    private static TelegramTestBot.Options options(RedisTestServer.Dedicated redis, long admin) {
        return new TelegramTestBot.Options().redisUrl(redis.url()).admins(Long.toString(admin));
    }

    private static String lastText(TelegramTestBot t, long chat) {
        var messages = t.telegram.messages(chat);
        return messages.isEmpty() ? "" : messages.getLast().text();
    }
}
