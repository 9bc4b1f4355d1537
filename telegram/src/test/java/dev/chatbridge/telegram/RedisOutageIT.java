package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;

import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Redis going away is reported to the user; the bot recovers when it returns. */
class RedisOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void tellsTheUserWhileRedisIsDownAndRecoversWhenItReturns() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var t = TelegramTestBot.start(new TelegramTestBot.Options().redisUrl(redis.url()))) {
            long chat = TelegramTestBot.newId();
            t.telegram.sendText(chat, chat, "before outage");
            await("first answer", () -> hasText(t, chat, "echo: before outage"), WAIT);

            redis.stop();
            t.telegram.sendText(chat, chat, "during outage");
            await(
                    "outage notice",
                    () -> t.telegram.messages(chat).stream()
                            .anyMatch(m -> m.text().contains("storage (Redis) is unavailable")),
                    WAIT);

            redis.start();
            await(
                    "recovered",
                    () -> {
                        t.telegram.sendText(chat, chat, "after outage");
                        try {
                            Thread.sleep(1500);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return hasText(t, chat, "echo: after outage");
                    },
                    WAIT);
        }
    }

    private static boolean hasText(TelegramTestBot t, long chat, String text) {
        return t.telegram.messages(chat).stream().map(SentMessage::text).anyMatch(text::equals);
    }
}
