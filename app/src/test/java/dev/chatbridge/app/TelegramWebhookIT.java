package dev.chatbridge.app;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.telegram.ApiCall;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.WebhookDeliveryRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Webhook mode: the app registers its webhook, answers what Telegram posts to it, and refuses forged posts. */
class TelegramWebhookIT {

    static final String WEBHOOK_URL = "https://bot.example.com/telegram/webhook";
    static final String SECRET = "webhook-Secret_123";
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

    static String[] webhookOptions(String... more) {
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(
                                "--chatbridge.telegram.webhook-url=" + WEBHOOK_URL,
                                "--chatbridge.telegram.webhook-secret=" + SECRET),
                        java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    @Test
    void registersTheWebhookInsteadOfPollingAndAnswersWhatTelegramPosts() {
        long chat = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        try (ConfigurableApplicationContext app = TestApp.start(telegram, gateway, webhookOptions())) {
            telegram.webhookTargets(List.of(TestApp.baseUrl(app)));
            ApiCall setWebhook = telegram.calls("setWebhook").getLast();
            assertThat(setWebhook.params().path("url").asString()).isEqualTo(WEBHOOK_URL);
            assertThat(setWebhook.params().path("secret_token").asString()).isEqualTo(SECRET);
            assertThat(setWebhook.params().path("allowed_updates").toString()).contains("message", "callback_query");
            assertThat(telegram.webhookUrl()).isEqualTo(WEBHOOK_URL);

            int update = telegram.sendText(chat, chat, "Hello over the webhook");
            await("answer", () -> finalTexts(chat).contains("echo: Hello over the webhook"), WAIT);

            assertThat(telegram.calls("getUpdates"))
                    .as("no long polling in webhook mode")
                    .isEmpty();
            assertThat(telegram.webhookDeliveries())
                    .filteredOn(delivery -> delivery.updateId() == update)
                    .extracting(WebhookDeliveryRecord::status)
                    .containsExactly(200);
            assertThat(telegram.pendingUpdates()).isZero();
            var connection = app.getBean(dev.chatbridge.telegram.TelegramBot.class)
                    .connection()
                    .state();
            assertThat(connection.up()).isTrue();
            assertThat(connection.detail()).startsWith("webhook, last update received");
        }
    }

    @Test
    void refusesPostsWithoutTheRightSecret() throws Exception {
        try (ConfigurableApplicationContext app = TestApp.start(telegram, gateway, webhookOptions())) {
            String endpoint = TestApp.baseUrl(app) + "/telegram/webhook";
            String update = "{\"update_id\":1}";
            assertThat(post(endpoint, null, update)).isEqualTo(401);
            assertThat(post(endpoint, "webhook-Secret_124", update)).isEqualTo(401);
            assertThat(post(endpoint, SECRET.substring(1), update)).isEqualTo(401);
            assertThat(post(endpoint, SECRET, "not json")).isEqualTo(400);
            assertThat(post(endpoint, SECRET, update)).isEqualTo(200);
        }
    }

    @Test
    void refusesToStartInWebhookModeWithoutASecret() {
        assertThatThrownBy(
                        () -> TestApp.start(telegram, gateway, webhookOptions("--chatbridge.telegram.webhook-secret="))
                                .close())
                .hasStackTraceContaining("TELEGRAM_WEBHOOK_SECRET must be set");
    }

    static int post(String endpoint, @Nullable String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private static List<String> finalTexts(long chat) {
        return telegram.messages(chat).stream()
                .filter(message -> message.parseMode() != null)
                .map(SentMessage::text)
                .toList();
    }
}
