package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.WebhookDeliveryRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis going away loses nothing: what arrives meanwhile is left with Telegram (not confirmed by
 * long polling, refused with 503 by the webhook) instead of being acknowledged and dropped, and each
 * message is answered exactly once when Redis is back, here empty (restarted without its data).
 */
class RedisOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STORAGE_NOTICE = "storage (Redis) is unavailable";

    @Test
    void longPollingLeavesUpdatesUnconfirmedWhileRedisIsDownAndAnswersEachOnceWhenItReturnsEmpty() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var t = TelegramTestBot.start(new TelegramTestBot.Options().redisUrl(redis.url()))) {
            long chat = TelegramTestBot.newId();
            long other = TelegramTestBot.newId();
            t.telegram.sendText(chat, chat, "before outage");
            await("first answer", () -> count(t, chat, "echo: before outage") == 1, WAIT);

            redis.stop();
            int first = t.telegram.sendText(chat, chat, "during outage 1");
            t.telegram.sendText(other, other, "during outage 2");
            t.telegram.sendText(chat, chat, "during outage 3");
            await("the bot fetched the first update", () -> t.telegram.fetched(first), WAIT);
            // Confirming is the next getUpdates, which a bot that drops the update sends within milliseconds.
            whileRedisIsDown(Duration.ofSeconds(2), () -> {
                assertThat(t.telegram.confirmedOffset())
                        .as("updates fetched during the outage are not confirmed")
                        .isLessThanOrEqualTo(first);
                assertNothingSaidDuringTheOutage(t, chat, other);
            });

            redis.start();
            awaitEveryMessageAnsweredOnceRedisIsBack(t, chat, other);

            assertExactlyOnce(t, chat, List.of("echo: during outage 1", "echo: during outage 3", "echo: after outage"));
            assertExactlyOnce(t, other, List.of("echo: during outage 2"));
            assertThat(texts(t, chat)).noneMatch(text -> text.contains(STORAGE_NOTICE));
            assertThat(texts(t, other)).noneMatch(text -> text.contains(STORAGE_NOTICE));
        }
    }

    @Test
    void webhookAnswers503WhileRedisIsDownSoTelegramDeliversAgainAndEachIsAnsweredOnce() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var t = TelegramTestBot.start(
                        new TelegramTestBot.Options().webhook().redisUrl(redis.url()))) {
            long chat = TelegramTestBot.newId();
            long other = TelegramTestBot.newId();
            t.telegram.sendText(chat, chat, "before outage");
            await("first answer", () -> count(t, chat, "echo: before outage") == 1, WAIT);

            redis.stop();
            int first = t.telegram.sendText(chat, chat, "during outage 1");
            int second = t.telegram.sendText(other, other, "during outage 2");
            t.telegram.sendText(chat, chat, "during outage 3");
            await(
                    "Telegram told three times to deliver each again",
                    () -> statuses(t, first).stream()
                                            .filter(status -> status == 503)
                                            .count()
                                    >= 3
                            && statuses(t, second).stream()
                                            .filter(status -> status == 503)
                                            .count()
                                    >= 3,
                    WAIT);
            assertNothingSaidDuringTheOutage(t, chat, other);
            assertThat(t.telegram.pendingUpdates()).isEqualTo(3);

            redis.start();
            awaitEveryMessageAnsweredOnceRedisIsBack(t, chat, other);

            assertThat(statuses(t, first))
                    .as("refused until Redis was back, then taken once")
                    .endsWith(200);
            assertThat(statuses(t, first).stream().filter(status -> status == 200))
                    .hasSize(1);
            assertExactlyOnce(t, chat, List.of("echo: during outage 1", "echo: during outage 3", "echo: after outage"));
            assertExactlyOnce(t, other, List.of("echo: during outage 2"));
            assertThat(texts(t, chat)).noneMatch(text -> text.contains(STORAGE_NOTICE));
        }
    }

    /** Checks {@code invariant} every 50 ms for {@code duration} while Redis stays down. */
    /** The three messages of the outage answered, a message after it too, and no update left with Telegram. */
    private static void awaitEveryMessageAnsweredOnceRedisIsBack(TelegramTestBot t, long chat, long other) {
        await(
                "every message of the outage answered",
                () -> count(t, chat, "echo: during outage 1") == 1
                        && count(t, other, "echo: during outage 2") == 1
                        && count(t, chat, "echo: during outage 3") == 1,
                WAIT);
        t.telegram.sendText(chat, chat, "after outage");
        await("answer after the outage", () -> count(t, chat, "echo: after outage") == 1, WAIT);
        await("every update taken", () -> t.telegram.pendingUpdates() == 0, WAIT);
    }

    private static void whileRedisIsDown(Duration duration, Runnable invariant) {
        long end = System.nanoTime() + duration.toNanos();
        await(
                "the outage to last " + duration.toMillis() + " ms",
                () -> {
                    invariant.run();
                    return System.nanoTime() - end >= 0;
                },
                duration.plusSeconds(5));
    }

    private static void assertNothingSaidDuringTheOutage(TelegramTestBot t, long chat, long other) {
        assertThat(texts(t, chat)).as("only the answer from before the outage").containsExactly("echo: before outage");
        assertThat(texts(t, other)).isEmpty();
    }

    private static void assertExactlyOnce(TelegramTestBot t, long chat, List<String> answers) {
        for (String answer : answers) {
            assertThat(count(t, chat, answer)).as(answer).isEqualTo(1);
        }
    }

    private static List<Integer> statuses(TelegramTestBot t, int updateId) {
        return t.telegram.webhookDeliveries().stream()
                .filter(delivery -> delivery.updateId() == updateId)
                .map(WebhookDeliveryRecord::status)
                .toList();
    }

    private static long count(TelegramTestBot t, long chat, String text) {
        return texts(t, chat).stream().filter(text::equals).count();
    }

    private static List<String> texts(TelegramTestBot t, long chat) {
        return t.telegram.messages(chat).stream().map(SentMessage::text).toList();
    }
}
