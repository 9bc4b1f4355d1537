package dev.chatbridge.app;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.discord.DiscordBot;
import dev.chatbridge.telegram.TelegramBot;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.AotDetector;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application as {@code ./chatbridge} and the image start it: with the bean definitions that Spring AOT generated
 * when the jar was built ({@code -Dspring.aot.enabled=true}), which were generated without any token and without
 * {@code REDIS_URL}. The adapters and the embedded Redis must still follow the settings of the start, not of the build.
 */
class AotStartupIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static FakeTelegramBotApi telegram;
    private static FakeOpenAiServer gateway;

    @BeforeAll
    static void startFakes() {
        telegram = new FakeTelegramBotApi(TestApp.TOKEN);
        gateway = new FakeOpenAiServer(TestApp.KEY);
    }

    @AfterAll
    static void stopFakes() {
        telegram.close();
        gateway.close();
    }

    @Test
    void answersOnTelegramWithTheTokenGivenAtStart() {
        long chat = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        try (ConfigurableApplicationContext app = startWithAot()) {
            assertThat(app.getBeansOfType(TelegramBot.class)).hasSize(1);
            assertThat(app.getBeansOfType(DiscordBot.class)).isEmpty();
            // REDIS_URL is set (the tests' Redis): no embedded one.
            assertThat(app.getBeansOfType(EmbeddedRedis.class)).isEmpty();
            gateway.enqueue(Reply.of("Generated **at build time**, decided at start."));
            telegram.sendText(chat, chat, "Hello");
            await("answer", () -> finalText(chat).equals("Generated at build time, decided at start."), WAIT);
        }
    }

    @Test
    void startsTheEmbeddedRedisWithoutARedisUrl(@TempDir Path data) {
        try (ConfigurableApplicationContext app =
                startWithAot("--chatbridge.redis.url=", "--chatbridge.redis.embedded-data-dir=" + data)) {
            assertThat(app.getBeansOfType(EmbeddedRedis.class)).hasSize(1);
            assertThat(app.getBeansOfType(TelegramBot.class)).hasSize(1);
        }
    }

    private static ConfigurableApplicationContext startWithAot(String... extra) {
        // Read by SpringApplication when it starts; this JVM runs other test classes afterwards, without it.
        System.setProperty(AotDetector.AOT_ENABLED, "true");
        try {
            assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
            return TestApp.start(telegram, gateway, extra);
        } finally {
            System.clearProperty(AotDetector.AOT_ENABLED);
        }
    }

    private static String finalText(long chat) {
        var messages = telegram.messages(chat);
        if (messages.isEmpty()) {
            return "";
        }
        SentMessage message = messages.getFirst();
        return message.parseMode() == null ? "" : message.text();
    }
}
