package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.imagine.RegionEditor;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Midjourney actions that need input, on Telegram: the presser is asked by a ForceReply message (Remix, Custom
 * Zoom), the reply to it goes to {@code /mj/submit/modal} and never to the chat model; a dot keeps the offered
 * prompt, /cancel drops the job, a late reply is told it is late; Vary (Region) sends the mask page's link.
 */
class TelegramImagineModalIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TelegramTestBot t;

    @BeforeAll
    static void startBot() throws Exception {
        t = TelegramTestBot.start();
        t.midjourney.progressSteps(List.of(50));
    }

    @AfterAll
    static void stopBot() throws Exception {
        t.close();
    }

    @AfterEach
    void remixOff() {
        t.midjourney.remix(false).modalAnsweredAsSubmitted(false);
    }

    @Test
    void aRemixIsAskedForAlsoWhereOnlyTheTaskSaysModal() {
        // new-api rewrites the proxy's code 21 to 1: the watcher learns of the MODAL state from the task.
        t.midjourney.remix(true).modalAnsweredAsSubmitted(true);
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/imagine a paper boat");
        press(t, chat, awaitPhotos(t, chat, 1).getFirst(), "V4");
        SentMessage ask = awaitAsk(t, chat);
        assertThat(ask.text()).contains("a paper boat");

        t.telegram.sendText(UserText.of(chat, chat, "a paper boat on a lake").replyingTo(ask.messageId()));

        awaitPhotos(t, chat, 2);
        assertThat(t.midjourney.modalSubmits())
                .last()
                .satisfies(modal -> assertThat(modal.prompt()).isEqualTo("a paper boat on a lake"));
    }

    @Test
    void aRemixAsksForTheNewPromptAndTheReplyIsDrawn() {
        t.midjourney.remix(true);
        long chat = TelegramTestBot.newId();
        int chatRequests = t.gateway.requests().size();
        int modals = t.midjourney.modalSubmits().size();
        t.telegram.sendText(chat, chat, "/imagine a red fox in snow");
        SentMessage grid = awaitPhotos(t, chat, 1).getFirst();

        press(t, chat, grid, "V1");
        SentMessage ask = awaitAsk(t, chat);

        assertThat(ask.replyMarkup().path("input_field_placeholder").asString()).isEqualTo("New prompt…");
        assertThat(ask.text()).contains("Remix", "a red fox in snow", "single dot", "/cancel");
        assertThat(t.midjourney.modalSubmits()).hasSize(modals);
        t.telegram.sendText(UserText.of(chat, chat, "a blue fox in snow").replyingTo(ask.messageId()));

        awaitPhotos(t, chat, 2);
        assertThat(t.midjourney.modalSubmits()).last().satisfies(modal -> {
            assertThat(modal.prompt()).isEqualTo("a blue fox in snow");
            assertThat(modal.maskBase64()).isNull();
        });
        await(
                "the question shows its answer",
                () -> message(t, chat, ask.messageId()).text().contains("New prompt sent: a blue fox in snow"),
                WAIT);
        assertThat(t.gateway.requests()).hasSize(chatRequests);
    }

    @Test
    void aDotKeepsTheCurrentPrompt() {
        t.midjourney.remix(true);
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/imagine a quiet harbour");
        press(t, chat, awaitPhotos(t, chat, 1).getFirst(), "V2");
        SentMessage ask = awaitAsk(t, chat);

        t.telegram.sendText(UserText.of(chat, chat, ".").replyingTo(ask.messageId()));

        awaitPhotos(t, chat, 2);
        assertThat(t.midjourney.modalSubmits())
                .last()
                .satisfies(modal -> assertThat(modal.prompt()).isEqualTo("a quiet harbour"));
    }

    @Test
    void cancelDropsTheActionWithoutDrawing() {
        t.midjourney.remix(true);
        long chat = TelegramTestBot.newId();
        int chatRequests = t.gateway.requests().size();
        t.telegram.sendText(chat, chat, "/imagine a windmill");
        press(t, chat, awaitPhotos(t, chat, 1).getFirst(), "V3");
        SentMessage ask = awaitAsk(t, chat);
        int modals = t.midjourney.modalSubmits().size();

        t.telegram.sendText(UserText.of(chat, chat, "/cancel").replyingTo(ask.messageId()));

        await(
                "the job says it was cancelled",
                () -> t.telegram.messages(chat).stream().anyMatch(m -> m.text().contains("Cancelled")),
                WAIT);
        assertThat(t.midjourney.modalSubmits()).hasSize(modals);
        assertThat(photos(t, chat)).hasSize(1);
        assertThat(t.gateway.requests()).hasSize(chatRequests);
    }

    @Test
    void customZoomAsksForTheFactorAndRefusesOneOutOfRange() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/imagine castle on a hill");
        press(t, chat, awaitPhotos(t, chat, 1).getFirst(), "U1");
        SentMessage upscaled = awaitPhotos(t, chat, 2).get(1);

        press(t, chat, upscaled, "Custom Zoom");
        SentMessage ask = awaitAsk(t, chat);
        assertThat(ask.text()).contains("--zoom 1.5", "castle on a hill --zoom 2");

        t.telegram.sendText(UserText.of(chat, chat, "castle on a hill --zoom 3").replyingTo(ask.messageId()));
        await(
                "the factor is refused",
                () -> t.telegram.messages(chat).stream().anyMatch(m -> m.text().contains("not 3")),
                WAIT);
        t.telegram.sendText(
                UserText.of(chat, chat, "castle on a hill --zoom 1.5").replyingTo(ask.messageId()));

        awaitPhotos(t, chat, 3);
        assertThat(t.midjourney.modalSubmits())
                .extracting(modal -> modal.prompt())
                .contains("castle on a hill --zoom 1.5")
                .doesNotContain("castle on a hill --zoom 3");
        JsonNode zoomed = t.midjourney.tasks().getLast();
        assertThat(zoomed.path("prompt").asString()).isEqualTo("castle on a hill --zoom 1.5");
    }

    @Test
    void varyRegionWithoutAPublicAddressSaysWhy() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/imagine a cat on a sofa");
        press(t, chat, awaitPhotos(t, chat, 1).getFirst(), "U2");
        SentMessage upscaled = awaitPhotos(t, chat, 2).get(1);

        press(t, chat, upscaled, "Vary (Region)");

        await(
                "Vary (Region) explained",
                () -> t.telegram.messages(chat).stream().anyMatch(m -> m.text().contains("PUBLIC_BASE_URL")),
                WAIT);
        assertThat(t.midjourney.submits().getLast().path()).isEqualTo("/mj/submit/action");
    }

    @Test
    void varyRegionOpensTheMaskPageAsAWebAppInAPrivateChat() throws Exception {
        List<RegionEditor.RegionRequest> opened = new CopyOnWriteArrayList<>();
        RegionEditor editor = request -> {
            opened.add(request);
            return Optional.of(new RegionEditor.RegionLink("https://bot.example/mj/region/" + request.taskId(), true));
        };
        try (var redis = RedisTestServer.startDedicated();
                var own = TelegramTestBot.start(
                        new TelegramTestBot.Options().redisUrl(redis.url()).regionEditor(editor))) {
            own.midjourney.progressSteps(List.of(50));
            long chat = TelegramTestBot.newId();
            own.telegram.sendText(chat, chat, "/imagine a dog in a hat");
            press(own, chat, awaitPhotos(own, chat, 1).getFirst(), "U3");
            SentMessage upscaled = awaitPhotos(own, chat, 2).get(1);

            press(own, chat, upscaled, "Vary (Region)");

            await(
                    "the link to the mask page",
                    () -> own.telegram.messages(chat).stream()
                            .anyMatch(m -> m.replyMarkup() != null
                                    && m.replyMarkup().toString().contains("web_app")),
                    WAIT);
            String taskId = opened.getFirst().taskId();
            JsonNode button = own.telegram.messages(chat).stream()
                    .filter(m -> m.replyMarkup() != null
                            && m.replyMarkup().toString().contains("web_app"))
                    .findFirst()
                    .orElseThrow()
                    .replyMarkup()
                    .at("/inline_keyboard/0/0");
            assertThat(button.at("/web_app/url").asString()).isEqualTo("https://bot.example/mj/region/" + taskId);
            assertThat(opened.getFirst().imageUrl()).endsWith(".png");
            assertThat(opened.getFirst().userId()).isEqualTo(Long.toString(chat));
            assertThat(own.midjourney.task(taskId).orElseThrow().path("status").asString())
                    .isEqualTo("MODAL");

            // What the page does once the user painted: completes the task with the mask.
            var outcome = own.core
                    .imagine()
                    .completeModal(taskId, Long.toString(chat), "a red hat", "data:image/png;base64,iVBORw0KGgo=");

            assertThat(outcome).hasToString("SUBMITTED");
            awaitPhotos(own, chat, 3);
            assertThat(own.midjourney.modalSubmits()).last().satisfies(modal -> {
                assertThat(modal.taskId()).isEqualTo(taskId);
                assertThat(modal.maskBase64()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
            });
        }
    }

    @Test
    void aReplyAfterTheAskTimedOutIsToldSo() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var own = TelegramTestBot.start(
                        new TelegramTestBot.Options().redisUrl(redis.url()).askTimeout(Duration.ofSeconds(1)))) {
            own.midjourney.progressSteps(List.of(50)).remix(true);
            long chat = TelegramTestBot.newId();
            int chatRequests = own.gateway.requests().size();
            own.telegram.sendText(chat, chat, "/imagine a slow answer");
            press(own, chat, awaitPhotos(own, chat, 1).getFirst(), "V1");
            SentMessage ask = awaitAsk(own, chat);

            await(
                    "the job ends without an answer",
                    () -> own.telegram.messages(chat).stream()
                            .anyMatch(m -> m.text().contains("No answer came")),
                    WAIT);
            own.telegram.sendText(UserText.of(chat, chat, "a quick answer").replyingTo(ask.messageId()));

            await(
                    "the late reply is told",
                    () -> own.telegram.messages(chat).stream()
                            .anyMatch(m -> m.text().contains("has expired")),
                    WAIT);
            assertThat(own.midjourney.modalSubmits()).isEmpty();
            assertThat(own.gateway.requests()).hasSize(chatRequests);
        }
    }

    private static SentMessage awaitAsk(TelegramTestBot bot, long chat) {
        await("a ForceReply question", () -> ask(bot, chat).isPresent(), WAIT);
        // Linked to its task right after it is sent; the progress message says so afterwards.
        await(
                "the progress message waits for the answer",
                () -> bot.telegram.messages(chat).stream()
                        .anyMatch(m -> m.text().startsWith("✏️ Waiting")),
                WAIT);
        return ask(bot, chat).orElseThrow();
    }

    private static Optional<SentMessage> ask(TelegramTestBot bot, long chat) {
        return bot.telegram.messages(chat).stream()
                .filter(m -> m.replyMarkup() != null
                        && m.replyMarkup().path("force_reply").asBoolean(false))
                .findFirst();
    }

    private static SentMessage message(TelegramTestBot bot, long chat, int messageId) {
        return bot.telegram.messages(chat).stream()
                .filter(m -> m.messageId() == messageId)
                .findFirst()
                .orElseThrow();
    }

    private static List<SentMessage> awaitPhotos(TelegramTestBot bot, long chat, int count) {
        await(count + " photos", () -> photos(bot, chat).size() >= count, WAIT);
        return photos(bot, chat);
    }

    private static List<SentMessage> photos(TelegramTestBot bot, long chat) {
        return bot.telegram.messages(chat).stream().filter(SentMessage::photo).toList();
    }

    /** Presses the button whose face contains {@code label}. */
    private static void press(TelegramTestBot bot, long chat, SentMessage message, String label) {
        List<String> labels = new ArrayList<>();
        message.replyMarkup()
                .path("inline_keyboard")
                .forEach(row -> row.forEach(b -> labels.add(b.path("text").asString(""))));
        int index = -1;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).contains(label)) {
                index = i;
            }
        }
        assertThat(index).as("button %s in %s", label, labels).isNotNegative();
        bot.telegram.pressButton(
                chat, chat, message.messageId(), message.callbackData().get(index));
    }
}
