package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.redis.RedisConnections;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Every secret an operator configures, and every token of a known shape, stays out of the logs in
 * both formats (the plain console pattern and ECS JSON), and out of every settings record's toString.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogRedactionIT {

    private static final String WEBHOOK_SECRET = "whsec_Webhook-Secret-31337";
    private static final String NOTIFY_SECRET = "notify-Hook-Secret-4711";
    private static final String MJ_KEY = "mjkey-Qw3rty-Proxy-0815";
    private static final String REDIS_PASSWORD = "redis-Pa55word-2718";
    /** Shapes logged from elsewhere: a Telegram token, a Discord token, an OpenAI key. */
    private static final String TELEGRAM_SHAPED = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    private static final String DISCORD_SHAPED = "MTE5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz01234";
    private static final String OPENAI_SHAPED = "sk-proj-abcdefghijklmnop1234";

    @Test
    void masksEverySecretInPlainAndJsonLogsAndInSettingsRecords(CapturedOutput output) throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var telegram = new FakeTelegramBotApi(TestApp.TOKEN);
                var gateway = new FakeOpenAiServer(TestApp.KEY)) {
            requirePassword(redis.url());
            String redisUrl = "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redis.port();
            List<String> records = new ArrayList<>();
            for (String format : List.of("", "ecs")) {
                try (ConfigurableApplicationContext app = TestApp.start(
                        telegram,
                        gateway,
                        "--chatbridge.redis.url=" + redisUrl,
                        "--chatbridge.telegram.webhook-secret=" + WEBHOOK_SECRET,
                        "--chatbridge.mj.api-key=" + MJ_KEY,
                        "--chatbridge.mj.notify-hook-base-url=http://127.0.0.1:1",
                        "--chatbridge.mj.notify-secret=" + NOTIFY_SECRET,
                        "--logging.structured.format.console=" + format)) {
                    String everything = String.join(
                            " ",
                            TestApp.TOKEN,
                            TestApp.KEY,
                            WEBHOOK_SECRET,
                            "POST /hooks/midjourney/" + NOTIFY_SECRET,
                            "mj-api-secret: " + MJ_KEY,
                            redisUrl,
                            TELEGRAM_SHAPED,
                            DISCORD_SHAPED,
                            OPENAI_SHAPED,
                            "Authorization: Bearer " + MJ_KEY);
                    LoggerFactory.getLogger("leak-check")
                            .warn("format [{}] carries {}", format, everything, new IllegalStateException(everything));
                    app.getBeansOfType(Record.class).values().forEach(bean -> records.add(bean.toString()));
                    records.add(app.getBean(ChatBridgeProperties.class).toString());
                }
            }
            assertThat(output.getAll())
                    .contains("format [] carries", "\"ecs\":{\"version\"", "format [ecs] carries", Redaction.MASK)
                    .doesNotContain(secrets());
            assertThat(records).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(secrets()));
        }
    }

    private static String[] secrets() {
        return new String[] {
            TestApp.TOKEN,
            TestApp.KEY,
            WEBHOOK_SECRET,
            NOTIFY_SECRET,
            MJ_KEY,
            REDIS_PASSWORD,
            "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
            "abcdefghijklmnopqrstuvwxyz01234",
            "abcdefghijklmnop1234"
        };
    }

    private static void requirePassword(String url) {
        var factory = RedisConnections.connect(url, Duration.ofSeconds(2));
        try {
            new StringRedisTemplate(factory).execute((RedisCallback<Void>) connection -> {
                connection.serverCommands().setConfig("requirepass", REDIS_PASSWORD);
                return null;
            });
        } finally {
            factory.destroy();
        }
    }
}
