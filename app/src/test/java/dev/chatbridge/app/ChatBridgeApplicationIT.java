package dev.chatbridge.app;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole application, started as an operator starts it, holds a conversation and survives a restart. */
class ChatBridgeApplicationIT {

    private static final String TOKEN = TestApp.TOKEN;
    private static final String KEY = TestApp.KEY;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static FakeTelegramBotApi telegram;
    private static FakeOpenAiServer gateway;

    @BeforeAll
    static void startFakes() {
        telegram = new FakeTelegramBotApi(TOKEN);
        gateway = new FakeOpenAiServer(KEY);
    }

    @AfterAll
    static void stopFakes() {
        telegram.close();
        gateway.close();
    }

    @Test
    void holdsAConversationAndRemembersItAcrossARestart() {
        long chat = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        try (ConfigurableApplicationContext app = start()) {
            gateway.enqueue(Reply.of("Nice to meet you, **Ada**!"));
            telegram.sendText(chat, chat, "Hi, I am Ada");
            await("first answer", () -> finalText(chat, 0).equals("Nice to meet you, Ada!"), WAIT);
            assertThat(telegram.messages(chat).getFirst().rawText()).contains("<b>Ada</b>");
        }
        try (ConfigurableApplicationContext app = start()) {
            telegram.sendText(chat, chat, "Who am I?");
            await("second answer", () -> finalText(chat, 1).equals("echo: Who am I?"), WAIT);
        }
        ReceivedChatRequest second = gateway.requests().getLast();
        assertThat(second.model()).isEqualTo("gpt-4o");
        assertThat(second.messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("Hi, I am Ada", "Nice to meet you, **Ada**!", "Who am I?");
        assertThat(telegram.rateViolations()).isZero();
    }

    @Test
    void drawsThroughTheNotifyHookWithoutPolling() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long chat = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        try (var midjourney = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);
                ConfigurableApplicationContext app = start(
                        "--server.port=" + port,
                        "--chatbridge.mj.base-url=" + midjourney.baseUrl(),
                        "--chatbridge.mj.notify-hook-base-url=http://127.0.0.1:" + port,
                        "--chatbridge.mj.notify-secret=hook-secret-123")) {
            midjourney.advanceEvery(Duration.ofMillis(200));
            telegram.sendText(chat, chat, "/imagine a lighthouse at dusk");

            await("picture", () -> telegram.messages(chat).stream().anyMatch(SentMessage::photo), WAIT);
            assertThat(midjourney.hookCalls())
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
            assertThat(midjourney.fetches()).isZero();

            var forged = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            "http://127.0.0.1:" + port + "/hooks/midjourney/wrong-secret"))
                                    .header("Content-Type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"id\":\"1\",\"status\":\"SUCCESS\"}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(forged.statusCode()).isEqualTo(403);
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void masksTokensAndKeysInLogs(CapturedOutput output) {
        try (ConfigurableApplicationContext app = start()) {
            org.slf4j.LoggerFactory.getLogger("leak-check")
                    .warn(
                            "calling https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe with "
                                    + "Authorization: Bearer sk-proj-abcdefghijklmnop and key sk-abcdefghijklmnopqrstu",
                            new IllegalStateException("failed for 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"));
        }
        assertThat(output.getAll())
                .contains("leak-check")
                .contains("<redacted>")
                .doesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "abcdefghijklmnop", TOKEN, KEY);
    }

    @Test
    void exposesTheMetricsAndHealthAfterAConversation() throws Exception {
        long chat = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        try (ConfigurableApplicationContext app = start("--chatbridge.limits.messages-per-minute=1")) {
            gateway.enqueue(Reply.of("Metrics are **fun**."));
            telegram.sendText(chat, chat, "Tell me about metrics");
            await("answer", () -> finalText(chat, 0).equals("Metrics are fun."), WAIT);
            telegram.sendText(chat, chat, "And again?");
            await("refusal", () -> telegram.messages(chat).size() >= 2, WAIT);

            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String metrics = get(base + "/actuator/prometheus");
            assertThat(metrics)
                    .contains(
                            "chatbridge_updates_received_total{application=\"chatbridge\",kind=\"message\",platform=\"tg\"}",
                            "chatbridge_answers_total{application=\"chatbridge\",result=\"completed\"}",
                            "chatbridge_answers_total{application=\"chatbridge\",result=\"refused\"}",
                            "chatbridge_limits_refused_total{application=\"chatbridge\",limit=\"messages_per_minute\"}",
                            "chatbridge_answer_first_token_seconds_bucket",
                            "chatbridge_answer_duration_seconds_bucket",
                            "chatbridge_bridge_overhead_seconds_bucket",
                            "chatbridge_tokens_total{application=\"chatbridge\",direction=\"out\",source=\"usage\"}",
                            "chatbridge_platform_calls_total{application=\"chatbridge\",call=\"send\",platform=\"tg\"}",
                            "chatbridge_answers_active",
                            "resilience4j_circuitbreaker_state");
            String health = get(base + "/actuator/health");
            assertThat(health)
                    .contains(
                            "\"redis\":{",
                            "\"gateway\":{",
                            "\"telegram\":{\"details\":{\"connection\":\"last poll succeeded")
                    .endsWith("\"status\":\"UP\"}");
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void logsJsonWithTheCorrelationIdAndWithoutSecretsWhenAsked(CapturedOutput output) {
        long chat = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        try (ConfigurableApplicationContext app =
                start("--logging.structured.format.console=ecs", "--logging.level.dev.chatbridge.core.chat=DEBUG")) {
            telegram.sendText(chat, chat, "a question in JSON times");
            await("answer", () -> finalText(chat, 0).equals("echo: a question in JSON times"), WAIT);
            org.slf4j.LoggerFactory.getLogger("leak-check")
                    .warn("key sk-abcdefghijklmnopqrstu for 123456789:" + "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw");
        }
        assertThat(output.getAll())
                .contains("{\"level\":\"WARN\",\"logger\":\"leak-check\"}", "\"cid\":\"tg-", "<redacted>")
                .doesNotContain(
                        "abcdefghijklmnopqrstu", "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "a question in JSON times");
    }

    private static String get(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String finalText(long chat, int index) {
        var messages = telegram.messages(chat);
        if (messages.size() <= index) {
            return "";
        }
        SentMessage message = messages.get(index);
        return message.parseMode() == null ? "" : message.text();
    }

    private static ConfigurableApplicationContext start(String... extra) {
        return TestApp.start(telegram, gateway, extra);
    }
}
