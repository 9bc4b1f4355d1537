package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.core.ChatFeatures;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.upstream.http.HttpToolSettings;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.ApiCall;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tool calls, the images API and the /models keyboard, through the real adapter and the fake gateway. */
class TelegramToolsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> TOOL_BODIES = new CopyOnWriteArrayList<>();
    private static HttpServer toolServer;
    private static TelegramTestBot t;

    @BeforeAll
    static void startBot() throws Exception {
        toolServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        toolServer.createContext("/stock", exchange -> {
            TOOL_BODIES.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " key="
                    + exchange.getRequestHeaders().getFirst("X-Api-Key"));
            sleep(Duration.ofMillis(1500));
            respond(exchange, "{\"symbol\":\"ACME\",\"price\":42.5}");
        });
        toolServer.createContext("/slow", exchange -> {
            sleep(Duration.ofSeconds(3));
            respond(exchange, "{}");
        });
        toolServer.start();
        String root = "http://127.0.0.1:" + toolServer.getAddress().getPort();
        String schema = """
                {"type":"object","properties":{"symbol":{"type":"string"}},"required":["symbol"]}""";
        List<HttpToolSettings> http = List.of(
                new HttpToolSettings(
                        "stock_price",
                        "Current stock price",
                        schema,
                        URI.create(root + "/stock"),
                        "POST",
                        Map.of("X-Api-Key", "tool-secret"),
                        Duration.ofSeconds(5)),
                new HttpToolSettings(
                        "slow_lookup",
                        "Never answers in time",
                        "",
                        URI.create(root + "/slow"),
                        "GET",
                        Map.of(),
                        Duration.ofSeconds(1)));
        t = TelegramTestBot.start(new TelegramTestBot.Options()
                .features(f -> new ChatFeatures(f.vision(), f.images(), http, 2, Duration.ofSeconds(20))));
    }

    @AfterAll
    static void stopBot() throws Exception {
        t.close();
        toolServer.stop(0);
    }

    @Test
    void runsSeveralToolsInOneRoundShowsProgressPostsThePictureAndStreamsTheFinalAnswer() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(
                Reply.toolCalls(
                                "Let me look.",
                                Reply.call("call_time", "current_time", "{\"timezone\":\"Europe/Berlin\"}"),
                                Reply.call("call_draw", "generate_image", "{\"prompt\":\"a red fox in snow\"}"),
                                Reply.call("call_stock", "stock_price", "{\"symbol\":\"ACME\"}"))
                        .withChunkSize(5),
                Reply.of("ACME trades at 42.5 and here is your fox."));
        int before = t.gateway.requests().size();
        t.telegram.sendText(chat, chat, "time, a fox picture and the ACME price please");

        await(
                "final answer",
                () -> t.telegram.messages(chat).stream().anyMatch(m -> m.text().contains("your fox"))
                        && t.core.activeAnswers().count() == 0,
                WAIT);
        List<ReceivedChatRequest> requests =
                t.gateway.requests().subList(before, t.gateway.requests().size());
        assertThat(requests).hasSize(2);
        assertThat(requests.getFirst().body().path("tools").toString())
                .contains("current_time", "generate_image", "stock_price", "slow_lookup");
        var messages = requests.get(1).body().path("messages");
        var toolReplies = new java.util.ArrayList<String>();
        messages.forEach(m -> {
            if (m.path("role").asString().equals("tool")) {
                toolReplies.add(m.path("tool_call_id").asString() + "="
                        + m.path("content").asString());
            }
        });
        assertThat(toolReplies).hasSize(3);
        assertThat(toolReplies.get(0)).startsWith("call_time=").contains("Europe/Berlin");
        assertThat(toolReplies.get(1)).startsWith("call_draw=").contains("sent to the user as a photo");
        assertThat(toolReplies.get(2)).isEqualTo("call_stock={\"symbol\":\"ACME\",\"price\":42.5}");
        assertThat(TOOL_BODIES).contains("{\"symbol\":\"ACME\"} key=tool-secret");

        List<SentMessage> sent = t.telegram.messages(chat);
        assertThat(sent)
                .filteredOn(SentMessage::photo)
                .singleElement()
                .satisfies(photo -> assertThat(photo.text()).contains("a red fox in snow"));
        assertThat(t.gateway.imageRequests().getLast().path("prompt").asString())
                .isEqualTo("a red fox in snow");
        assertThat(textsShownIn(chat))
                .anyMatch(text -> text.contains("🔧 calling current_time, generate_image, stock_price…"));
        SentMessage answer =
                sent.stream().filter(m -> !m.photo()).reduce((a, b) -> b).orElseThrow();
        assertThat(answer.text())
                .contains("Let me look.")
                .contains("ACME trades at 42.5")
                .doesNotContain("🔧");
        // Both rounds' usage is charged to the user, and the tool calls are counted. The charge is
        // recorded after the turn is saved, so just after the answer ended it may still be on its way.
        QuotaUser user = new QuotaUser("tg", Long.toString(chat));
        await("the answer charged", () -> t.core.quotas().usage(user).today().tokensOut() >= 2, WAIT);
        var today = t.core.quotas().usage(user).today();
        assertThat(today.tokensIn()).isPositive();
        assertThat(today.tokensOut()).isGreaterThanOrEqualTo(2);
        assertThat(today.images()).isEqualTo(1);
        var meters = t.core.metrics().registry();
        assertThat(meters.get("chatbridge.tokens")
                        .tags("direction", "in", "source", "usage")
                        .counter()
                        .count())
                .isPositive();
        assertThat(meters.get("chatbridge.tool.calls")
                        .tags("tool", "generate_image", "result", "ok")
                        .counter()
                        .count())
                .isPositive();
        assertThat(meters.get("chatbridge.image.jobs")
                        .tags("result", "drawn")
                        .counter()
                        .count())
                .isPositive();
    }

    @Test
    void failingTimedOutUnknownAndInvalidToolCallsAreReportedToTheModelAndTheUser() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(
                Reply.toolCalls(
                        "",
                        Reply.call("c1", "no_such_tool", "{}"),
                        Reply.call("c2", "current_time", "{\"timezone\": 5}"),
                        Reply.call("c3", "stock_price", "{\"symbol\": \"AC"),
                        Reply.call("c4", "slow_lookup", "{}"),
                        Reply.call("c5", "current_time", "{\"timezone\":\"Mars/Olympus\"}")),
                Reply.of("Sorry, the tools did not work."));
        int before = t.gateway.requests().size();
        t.telegram.sendText(chat, chat, "try the tools");

        await(
                "final answer",
                () -> t.telegram.messages(chat).stream().anyMatch(m -> m.text().contains("Sorry"))
                        && t.core.activeAnswers().count() == 0,
                WAIT);
        String toolResults =
                t.gateway.requests().get(before + 1).body().path("messages").toString();
        assertThat(toolResults)
                .contains(
                        "unknown tool 'no_such_tool'",
                        "invalid arguments for current_time",
                        "not a JSON object",
                        "slow_lookup timed out after 1 s",
                        "unknown time zone 'Mars/Olympus'");
        String shown = t.telegram.messages(chat).getLast().text();
        assertThat(shown)
                .contains(
                        "Sorry, the tools did not work.",
                        "Tool error: unknown tool 'no_such_tool'",
                        "timed out",
                        "Mars/Olympus");

        t.ask(chat, "plain question", t.telegram.messages(chat).size() + 1);
        assertThat(t.telegram.messages(chat).getLast().text()).contains("echo: plain question");
    }

    @Test
    void aLoopPastTheRoundCapEndsCleanlyAndLeavesTheContextAlone() {
        long chat = TelegramTestBot.newId();
        for (int i = 0; i < 3; i++) {
            t.gateway.enqueue(Reply.toolCalls("", Reply.call("loop" + i, "current_time", "{}")));
        }
        t.telegram.sendText(chat, chat, "loop forever");
        await(
                "stopped",
                () -> t.telegram.messages(chat).stream().anyMatch(m -> m.text().contains("stopped after 2 rounds"))
                        && t.core.activeAnswers().count() == 0,
                WAIT);

        t.ask(chat, "next one", t.telegram.messages(chat).size() + 1);
        assertThat(t.lastRequestFrom("next one").messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("next one");
    }

    @Test
    void imageCommandDrawsThroughTheImagesApiAndExplainsARefusal() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/image a lighthouse at dawn");
        await("picture", () -> t.telegram.messages(chat).stream().anyMatch(SentMessage::photo), WAIT);
        await(
                "status settled",
                () -> t.telegram.messages(chat).getFirst().text().startsWith("✅"),
                WAIT);
        assertThat(t.telegram.messages(chat).stream()
                        .filter(SentMessage::photo)
                        .findFirst()
                        .orElseThrow()
                        .text())
                .contains("a lighthouse at dawn");
        assertThat(t.gateway.imageRequests().getLast().path("model").asString()).isEqualTo("dall-e-3");

        t.gateway.refuseNextImage("Your request was rejected as a result of our safety system.");
        t.telegram.sendText(chat, chat, "/image something forbidden");
        await(
                "refusal",
                () -> t.telegram.messages(chat).stream()
                        .anyMatch(m -> m.text().contains("refused this prompt")
                                && m.text().contains("safety system")),
                WAIT);

        t.telegram.sendText(chat, chat, "/image");
        await("usage", () -> t.telegram.messages(chat).getLast().text().contains("/image a lighthouse"), WAIT);
    }

    @Test
    void modelsKeyboardSwitchesTheModelOfWhoeverPresses() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/models");
        await("keyboard", () -> !t.telegram.messages(chat).isEmpty(), WAIT);
        SentMessage keyboard = t.telegram.messages(chat).getFirst();
        assertThat(keyboard.callbackData()).hasSize(4).allSatisfy(data -> {
            assertThat(data).startsWith("md:");
            assertThat(data.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
        });
        assertThat(keyboard.replyMarkup().toString()).contains("✅ gpt-4o\"", "claude-3-5-sonnet");

        int mini = buttonIndex(keyboard, "gpt-4o-mini");
        int answersBefore = t.telegram.calls("answerCallbackQuery").size();
        t.telegram.pressButton(
                chat, chat, keyboard.messageId(), keyboard.callbackData().get(mini));
        await("answered", () -> t.telegram.calls("answerCallbackQuery").size() > answersBefore, WAIT);
        assertThat(t.telegram.calls("answerCallbackQuery").getLast().param("text"))
                .contains("gpt-4o-mini");

        t.ask(chat, "which model now?", 2);
        assertThat(t.lastRequestFrom("which model now?").model()).isEqualTo("gpt-4o-mini");

        t.telegram.pressButton(chat, chat, keyboard.messageId(), "md:AAAAAAAAAAAAAAAA");
        await(
                "gone",
                () -> t.telegram.calls("answerCallbackQuery").getLast().param("text") != null
                        && t.telegram
                                .calls("answerCallbackQuery")
                                .getLast()
                                .param("text")
                                .contains("no longer offers"),
                WAIT);
    }

    @Test
    void imageRouteIsDetectedOnceWhenTheGatewayServesG4fsPathAndUrlsAreFetched() throws Exception {
        try (TelegramTestBot own = TelegramTestBot.start()) {
            own.gateway.imagesAtGenerate().imagesAsUrl(true);
            long chat = TelegramTestBot.newId();
            own.telegram.sendText(chat, chat, "/image first");
            await(
                    "first",
                    () -> own.telegram.messages(chat).stream()
                                    .filter(SentMessage::photo)
                                    .count()
                            == 1,
                    WAIT);
            own.telegram.sendText(chat, chat, "/image second");
            await(
                    "second",
                    () -> own.telegram.messages(chat).stream()
                                    .filter(SentMessage::photo)
                                    .count()
                            == 2,
                    WAIT);

            assertThat(own.gateway.imageRequestPaths())
                    .containsExactly("/v1/images/generations", "/v1/images/generate", "/v1/images/generate");
            own.gateway.noImagesApi();
            own.telegram.sendText(chat, chat, "/image third");
            await(
                    "no api",
                    () -> own.telegram.messages(chat).stream()
                            .anyMatch(m -> m.text().contains("no images API")),
                    WAIT);
        }
    }

    private static List<String> textsShownIn(long chat) {
        return t.telegram.calls().stream()
                .filter(call -> call.chatId() == chat)
                .map(ApiCall::params)
                .map(params -> params.path("text").asString(""))
                .toList();
    }

    private static int buttonIndex(SentMessage message, String label) {
        List<String> labels = new java.util.ArrayList<>();
        message.replyMarkup()
                .path("inline_keyboard")
                .forEach(row -> row.forEach(b -> labels.add(b.path("text").asString(""))));
        return labels.indexOf(label);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // The bot gave up waiting (the timeout test).
        } finally {
            exchange.close();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
