package dev.chatbridge.app;

import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the whole application as an operator would, against the fakes and the tests' Redis. */
final class TestApp {

    static final String TOKEN = "424242:APP-test-token";
    static final String KEY = "sk-app-test";

    private TestApp() {}

    /** Options given in {@code extra} replace the common ones of the same name. */
    static ConfigurableApplicationContext start(
            FakeTelegramBotApi telegram, FakeOpenAiServer gateway, String... extra) {
        return start(telegram.baseUrl(), gateway, extra);
    }

    /** With the Bot API at {@code telegramApiUrl}, which need not be up. */
    static ConfigurableApplicationContext start(String telegramApiUrl, FakeOpenAiServer gateway, String... extra) {
        String[] common = {
            "--server.port=0",
            "--chatbridge.telegram.bot-token=" + TOKEN,
            "--chatbridge.telegram.api-url=" + telegramApiUrl,
            "--chatbridge.telegram.streaming=EDIT",
            "--chatbridge.telegram.poll-timeout=1s",
            "--chatbridge.openai.base-url=" + gateway.baseUrl(),
            "--chatbridge.openai.api-key=" + KEY,
            "--chatbridge.redis.url=" + RedisTestServer.url()
        };
        // A repeated option would be joined with a comma, so the extra ones replace the common ones by name.
        Map<String, String> options = new LinkedHashMap<>();
        for (String argument :
                Stream.concat(Arrays.stream(common), Arrays.stream(extra)).toList()) {
            options.put(argument.substring(0, argument.indexOf('=')), argument);
        }
        // main: with -Dspring.aot.enabled=true (AotStartupIT) the generated initializer is found by the main class.
        return new SpringApplicationBuilder(ChatBridgeApplication.class)
                .main(ChatBridgeApplication.class)
                .run(options.values().toArray(String[]::new));
    }

    /** The HTTP root of a started application, e.g. {@code http://127.0.0.1:41234}. */
    static String baseUrl(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }
}
