package dev.chatbridge.testsupport.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.testsupport.common.Await;
import dev.chatbridge.testsupport.common.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Webhook mode of the fake: what Telegram does once a bot sets a webhook. */
class FakeTelegramWebhookTest {
    private static final String TOKEN = "123456:test-secret";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeTelegramBotApi telegram;
    private BotApiClient client;
    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();

    /** A bot's webhook endpoint: records each POST and fails the first {@code failures} of them. */
    private static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
        final List<String> secrets = new CopyOnWriteArrayList<>();
        final AtomicInteger posts = new AtomicInteger();
        volatile int failures;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            server.createContext("/hook", exchange -> {
                try (exchange) {
                    JsonNode update = Json.parse(exchange.getRequestBody().readAllBytes());
                    secrets.add(
                            String.valueOf(exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token")));
                    boolean fail = posts.incrementAndGet() <= failures;
                    if (!fail) {
                        accepted.add(update);
                    }
                    exchange.sendResponseHeaders(fail ? 500 : 200, -1);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<String> texts() {
            return accepted.stream()
                    .map(update -> update.path("message").path("text").asString())
                    .toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @BeforeEach
    void start() {
        telegram = new FakeTelegramBotApi(TOKEN);
        client = new BotApiClient(telegram.baseUrl(), TOKEN);
    }

    @AfterEach
    void stop() {
        telegram.close();
        receivers.forEach(Receiver::close);
    }

    @Test
    void postsUpdatesToTheWebhookWithItsSecretAndRefusesGetUpdatesMeanwhile() throws IOException {
        Receiver bot = receiver();
        assertThat(setWebhook(bot.url() + "/hook", "s3cret_-X").status()).isEqualTo(200);

        telegram.sendText(42, 42, "hello");
        Await.until(() -> bot.accepted.size() == 1, WAIT, () -> "one delivery");
        assertThat(bot.texts()).containsExactly("hello");
        assertThat(bot.secrets).containsExactly("s3cret_-X");

        var poll = client.call("getUpdates", "{}");
        assertThat(poll.status()).isEqualTo(409);
        assertThat(poll.description()).contains("can't use getUpdates method while webhook is active");
        JsonNode info = client.call("getWebhookInfo", "{}").result();
        assertThat(info.path("url").asString()).isEqualTo(bot.url() + "/hook");
        assertThat(info.path("allowed_updates").toString()).isEqualTo("[\"message\"]");
        Await.until(() -> telegram.pendingUpdates() == 0, WAIT, () -> "the update acknowledged");
    }

    @Test
    void retriesUntilTheWebhookAnswers2xxAndKeepsOneChatsUpdatesInOrder() throws IOException {
        Receiver bot = receiver();
        bot.failures = 2;
        setWebhook(bot.url() + "/hook", "s3cret");

        telegram.sendText(42, 42, "first");
        telegram.sendText(42, 42, "second");
        Await.until(() -> bot.accepted.size() == 2, WAIT, () -> "two deliveries, have " + bot.texts());
        assertThat(bot.texts()).containsExactly("first", "second");
        assertThat(bot.posts.get()).isEqualTo(4);
        assertThat(client.call("getWebhookInfo", "{}")
                        .result()
                        .path("last_error_message")
                        .asString())
                .isEqualTo("Wrong response from the webhook: 500");
    }

    @Test
    void spreadsDeliveriesOverTheTargetsAndRepeatsSomeWhenAsked() throws IOException {
        Receiver one = receiver();
        Receiver two = receiver();
        telegram.webhookTargets(List.of(one.url(), two.url())).duplicateWebhookDeliveries(2);
        setWebhook("https://bot.example.com/hook", "s3cret");

        for (int chat = 1; chat <= 6; chat++) {
            telegram.sendText(chat, chat, "from " + chat);
        }
        Await.until(() -> one.accepted.size() + two.accepted.size() >= 9, WAIT, () -> "6 deliveries and 3 repeats");
        assertThat(one.accepted).isNotEmpty();
        assertThat(two.accepted).isNotEmpty();
        assertThat(telegram.webhookDeliveries())
                .extracting(WebhookDeliveryRecord::target)
                .allMatch(target -> target.endsWith("/hook"));
    }

    @Test
    void deletingTheWebhookStopsDeliveriesAndLongPollingWorksAgain() throws IOException {
        Receiver bot = receiver();
        bot.failures = Integer.MAX_VALUE;
        setWebhook(bot.url() + "/hook", "s3cret");
        telegram.sendText(42, 42, "kept");
        Await.until(() -> bot.posts.get() >= 1, WAIT, () -> "a failed delivery");

        assertThat(client.call("deleteWebhook", "{}").status()).isEqualTo(200);
        var poll = client.call("getUpdates", "{\"timeout\":1}");
        assertThat(poll.status()).isEqualTo(200);
        assertThat(poll.result())
                .singleElement()
                .satisfies(
                        update -> assertThat(update.path("message").path("text").asString())
                                .isEqualTo("kept"));
    }

    private Receiver receiver() throws IOException {
        Receiver receiver = new Receiver();
        receivers.add(receiver);
        return receiver;
    }

    private BotApiClient.Response setWebhook(String url, String secret) {
        return client.call(
                "setWebhook",
                "{\"url\":\"" + url + "\",\"secret_token\":\"" + secret + "\",\"allowed_updates\":[\"message\"]}");
    }
}
