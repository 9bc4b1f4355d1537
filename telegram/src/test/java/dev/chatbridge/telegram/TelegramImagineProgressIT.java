package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.ApiCall;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * /imagine on Telegram, the parts around the picture: the preview in the progress message, what Midjourney really
 * drew, "try again" after a failure, and an upscale pressed again that the proxy answers with code 21.
 */
class TelegramImagineProgressIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TelegramTestBot t = TelegramTestBot.forTheClass();

    @Test
    void theProgressMessageShowsThePreviewAtABoundedRateAndTheGridReplacesIt() throws Exception {
        Duration interval = Duration.ofMillis(1500);
        try (var redis = RedisTestServer.startDedicated();
                var own = TelegramTestBot.start(
                        new TelegramTestBot.Options().previewInterval(interval).redisUrl(redis.url()))) {
            own.midjourney
                    .previewImages(true)
                    .progressSteps(
                            IntStream.rangeClosed(1, 24).map(i -> i * 4).boxed().toList());
            long chat = TelegramTestBot.newId();
            own.telegram.sendText(chat, chat, "/imagine a fox with a preview");

            await(
                    "the progress message shows a picture",
                    () -> own.telegram.messages(chat).stream().anyMatch(SentMessage::photo),
                    WAIT);
            SentMessage progress = own.telegram.messages(chat).getFirst();
            assertThat(progress.photo()).isTrue();
            assertThat(progress.text()).contains("a fox with a preview").contains("%");
            await(
                    "the grid",
                    () -> own.telegram.messages(chat).stream()
                            .anyMatch(m -> m.photo() && !m.callbackData().isEmpty()),
                    WAIT);
            await("the preview removed", () -> own.telegram.messages(chat).size() == 1, WAIT);

            SentMessage grid = own.telegram.messages(chat).getFirst();
            assertThat(grid.messageId()).isNotEqualTo(progress.messageId());
            assertThat(grid.callbackData()).hasSize(9);
            List<ApiCall> previews = calls(own, "editMessageMedia", chat);
            assertThat(previews)
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.succeeded()).isTrue());
            assertThat(previews.getFirst().param("message_id")).isEqualTo(Integer.toString(progress.messageId()));
            for (int i = 1; i < previews.size(); i++) {
                assertThat(Duration.between(
                                previews.get(i - 1).receivedAt(),
                                previews.get(i).receivedAt()))
                        .as("time between previews %d and %d", i - 1, i)
                        .isGreaterThanOrEqualTo(interval.minusMillis(50));
            }
            assertThat(previews.size())
                    .as("fewer previews than progress steps: the rest only changed the caption")
                    .isLessThan(24);
            assertThat(calls(own, "editMessageCaption", chat)).anyMatch(ApiCall::succeeded);
            assertThat(own.telegram.calls().stream()
                            .filter(call -> call.chatId() == chat)
                            .filter(call -> !call.succeeded())
                            // Harmless, and older than previews: NOT_START and SUBMITTED read the same.
                            .filter(call -> !call.errorDescription().contains("message is not modified")))
                    .as("no call was refused (e.g. editMessageText on the photo)")
                    .isEmpty();
            assertThat(calls(own, "deleteMessage", chat))
                    .singleElement()
                    .satisfies(call ->
                            assertThat(call.param("message_id")).isEqualTo(Integer.toString(progress.messageId())));
            assertThat(own.telegram.rateViolations(chat)).isZero();
        }
    }

    @Test
    void showsWhatMidjourneyDrewWhenTheProxyTranslatedThePrompt() {
        t.midjourney.finalPrompt("雪地里的红狐狸", "a red fox in the snow, cinematic light");
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/imagine 雪地里的红狐狸");

        SentMessage grid = awaitPhotos(chat, 1).getFirst();

        assertThat(grid.text()).contains("雪地里的红狐狸").contains("Midjourney drew: a red fox in the snow, cinematic light");
    }

    @Test
    void aFailedJobOffersTryAgainWhichDrawsThePromptAgain() {
        t.midjourney.failTaskOnce("unlucky lighthouse", "Job queue timed out");
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/imagine an unlucky lighthouse");
        await(
                "failure with a retry button",
                () -> t.telegram.messages(chat).stream()
                        .anyMatch(m -> m.text().contains("Job queue timed out")
                                && !m.callbackData().isEmpty()),
                WAIT);
        SentMessage failed = t.telegram.messages(chat).stream()
                .filter(m -> m.text().contains("Job queue timed out"))
                .findFirst()
                .orElseThrow();
        assertThat(failed.replyMarkup().toString()).contains("Try again");
        long imaginesBefore = submits("/mj/submit/imagine", "unlucky lighthouse");

        t.telegram.pressButton(
                chat, chat, failed.messageId(), failed.callbackData().getFirst());

        SentMessage grid = awaitPhotos(chat, 1).getFirst();
        assertThat(grid.text()).contains("an unlucky lighthouse");
        assertThat(grid.replyToMessageId()).isEqualTo(failed.messageId());
        assertThat(submits("/mj/submit/imagine", "unlucky lighthouse")).isEqualTo(imaginesBefore + 1);
        assertThat(t.telegram.rateViolations(chat)).isZero();
    }

    @Test
    void aSubmitThatMetAProxyOutageOffersTryAgain() {
        long chat = TelegramTestBot.newId();
        t.midjourney.nextSubmitHttpError(502);
        t.telegram.sendText(chat, chat, "/imagine a lighthouse after the outage");
        t.telegram.awaitMessages(chat, 1, WAIT);
        SentMessage error = t.telegram.messages(chat).getFirst();
        assertThat(error.text()).contains("Midjourney proxy is not working");
        assertThat(error.replyMarkup().toString()).contains("Try again");

        t.telegram.pressButton(
                chat, chat, error.messageId(), error.callbackData().getFirst());

        SentMessage grid = awaitPhotos(chat, 1).getFirst();
        assertThat(grid.text()).contains("a lighthouse after the outage");
        assertThat(submits("/mj/submit/imagine", "a lighthouse after the outage"))
                .isEqualTo(2);
    }

    @Test
    void anUpscalePressedAgainThatTheProxyAnswersWith21ShowsTheUpscaleItMadeBefore() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var own = TelegramTestBot.start(new TelegramTestBot.Options().redisUrl(redis.url()))) {
            // The proxy's clock moves the jobs, so an upscale whose answer was lost still finishes.
            own.midjourney.advanceEvery(Duration.ofMillis(100));
            long chat = TelegramTestBot.newId();
            own.telegram.sendText(chat, chat, "/imagine a harbour at dawn");
            await("grid", () -> photos(own, chat).size() == 1, WAIT);
            SentMessage grid = photos(own, chat).getFirst();
            // A gateway between times out: the proxy took the upscale, the bot heard 504.
            own.midjourney.nextSubmitAnswerLost(504);
            own.telegram.pressButton(
                    chat, chat, grid.messageId(), grid.callbackData().getFirst()); // U1
            await(
                    "the proxy error told",
                    () -> own.telegram.messages(chat).stream()
                            .anyMatch(m -> m.text().contains("Midjourney proxy is not working")),
                    WAIT);
            assertThat(own.telegram.messages(chat).stream()
                            .filter(m -> m.text().contains("Midjourney proxy is not working")))
                    .singleElement()
                    .satisfies(
                            error -> assertThat(error.replyMarkup().toString()).contains("Try again"));
            String upscaleId = own.midjourney.tasks().stream()
                    .filter(task -> task.path("action").asString().equals("UPSCALE"))
                    .map(task -> task.path("id").asString())
                    .findFirst()
                    .orElseThrow();
            own.midjourney.await(
                    () -> own.midjourney
                            .task(upscaleId)
                            .map(task -> task.path("status").asString().equals("SUCCESS"))
                            .orElse(false),
                    WAIT);
            int messagesBefore = own.telegram.messages(chat).size();

            own.telegram.pressButton(
                    chat, chat, grid.messageId(), grid.callbackData().getFirst()); // U1 again

            await("the upscale", () -> photos(own, chat).size() == 2, WAIT);
            JsonNode again = own.midjourney.submits().getLast().body();
            assertThat(again.path("customId").asString()).startsWith("MJ::JOB::upsample::1::");
            SentMessage upscaled = photos(own, chat).get(1);
            assertThat(upscaled.replyMarkup().toString()).contains("Upscale (Subtle)", "Vary (Strong)");
            assertThat(upscaled.replyToMessageId()).isEqualTo(grid.messageId());
            assertThat(own.telegram.messages(chat))
                    .as("the upscale alone: no progress message, no 'already exists'")
                    .hasSize(messagesBefore + 1);
            assertThat(own.midjourney.tasks().stream()
                            .filter(task -> task.path("action").asString().equals("UPSCALE")))
                    .as("nothing drawn twice")
                    .hasSize(1);
        }
    }

    private static List<ApiCall> calls(TelegramTestBot bot, String method, long chat) {
        return new ArrayList<>(bot.telegram.calls(method).stream()
                .filter(call -> call.chatId() == chat)
                .toList());
    }

    private static List<SentMessage> awaitPhotos(long chat, int count) {
        await(count + " photos", () -> photos(t, chat).size() >= count, WAIT);
        return photos(t, chat);
    }

    private static List<SentMessage> photos(TelegramTestBot bot, long chat) {
        return bot.telegram.messages(chat).stream().filter(SentMessage::photo).toList();
    }

    private static long submits(String path, String promptPart) {
        return t.midjourney.submits().stream()
                .filter(s -> s.path().equals(path))
                .filter(s -> s.body().path("prompt").asString("").contains(promptPart))
                .count();
    }
}
