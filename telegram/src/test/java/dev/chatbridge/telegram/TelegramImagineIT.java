package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /imagine on Telegram: progress, the grid with working buttons, and the proxy's failure modes.
 * Tests that start a bot of their own give it its own Redis: replicas of one deployment share one
 * proxy, while these bots each have a fake proxy of their own.
 */
class TelegramImagineIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TelegramTestBot t = TelegramTestBot.forTheClass();

    @Test
    void showsProgressThenTheGridWhoseUpscaleButtonWorks() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/imagine a red fox in snow --ar 16:9");

        SentMessage grid = awaitPhotos(chat, 1).getFirst();
        assertThat(grid.callbackData())
                .hasSize(9)
                .allSatisfy(data ->
                        assertThat(data.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64));
        assertThat(grid.replyMarkup().path("inline_keyboard").get(0).toString()).contains("U1", "U4", "🔄");
        assertThat(grid.replyMarkup().path("inline_keyboard").get(1).toString()).contains("V1", "V4");
        assertThat(grid.text()).contains("a red fox in snow");
        SentMessage progress = t.telegram.messages(chat).getFirst();
        await(
                "progress finished",
                () -> t.telegram.messages(chat).getFirst().text().startsWith("✅"),
                WAIT);
        assertThat(t.telegram.messages(chat).getFirst().editCount()).isGreaterThanOrEqualTo(2);
        assertThat(progress.photo()).isFalse();
        assertThat(t.telegram.calls("editMessageText").stream()
                        .filter(c -> c.chatId() == chat)
                        .map(c -> c.param("text"))
                        .toList())
                .anyMatch(text -> text != null && text.contains("▓"));

        press(chat, chat, grid, 1); // U2
        SentMessage upscaled = awaitPhotos(chat, 2).get(1);
        assertThat(lastSubmit("/mj/submit/action").path("customId").asString()).startsWith("MJ::JOB::upsample::2::");
        assertThat(upscaled.callbackData())
                .isNotEmpty()
                .allSatisfy(data ->
                        assertThat(data.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64));
        assertThat(upscaled.replyToMessageId()).isNotNull();
        assertThat(t.telegram.rateViolations(chat)).isZero();
    }

    @Test
    void drawsInTheForumTopicItWasAskedInAndItsButtonsKeepToIt() {
        long forum = -TelegramTestBot.newId();
        long user = TelegramTestBot.newId();
        t.telegram.openForum(forum, 33);
        t.telegram.sendText(
                UserText.of(forum, user, "/imagine a fox in a topic").inTopic(33));
        SentMessage grid = awaitPhotos(forum, 1).getFirst();
        press(forum, user, grid, 0); // U1
        awaitPhotos(forum, 2);

        // Progress, grid and upscale (posted by the job watcher from the stored address) all name the topic.
        assertThat(t.telegram.messages(forum)).extracting(SentMessage::threadId).containsOnly(33);
        assertThat(t.telegram.calls().stream()
                        .filter(c -> c.chatId() == forum)
                        .filter(c ->
                                c.method().equals("sendMessage") || c.method().equals("sendPhoto")))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.param("message_thread_id")).isEqualTo("33"));
    }

    @Test
    void aDoublePressStartsOneJobAndOtherPeoplesPressesAreRefused() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/imagine two presses");
        SentMessage grid = awaitPhotos(chat, 1).getFirst();
        long actionsBefore = submits("/mj/submit/action");
        int answersBefore = answers().size();
        // The button of V2 outlives its Redis key, as after the button lifetime.
        t.redis.delete("cb:btn:" + grid.callbackData().get(7));

        press(chat, chat, grid, 5); // V1
        press(chat, chat, grid, 5);
        press(chat, TelegramTestBot.newId(), grid, 6);
        press(chat, chat, grid, 7);

        await("four answers", () -> answers().size() >= answersBefore + 4, WAIT);
        assertThat(answers().subList(answersBefore, answersBefore + 4))
                .anyMatch(text -> text.contains("On it"))
                .anyMatch(text -> text.contains("pressed before"))
                .anyMatch(text -> text.contains("Only the person"))
                .anyMatch(text -> text.contains("expired"));
        awaitPhotos(chat, 2);
        assertThat(submits("/mj/submit/action")).isEqualTo(actionsBefore + 1);
    }

    @Test
    void explainsSubmitResultCodesInWords() {
        long chat = TelegramTestBot.newId();
        t.midjourney.nextSubmit(24, "Banned prompt", Map.of("bannedWord", "gore"));
        t.telegram.sendText(chat, chat, "/imagine something gory");
        t.telegram.awaitMessages(chat, 1, WAIT);
        assertThat(t.telegram.messages(chat).getFirst().text()).contains("banned word: gore");

        t.midjourney.nextSubmit(23, "Queue full, please try again later", Map.of());
        t.telegram.sendText(chat, chat, "/imagine too busy");
        t.telegram.awaitMessages(chat, 2, WAIT);
        assertThat(t.telegram.messages(chat).get(1).text()).contains("queue is full");

        t.midjourney.nextSubmit(22, "In queue", Map.of("numberOfQueues", 3));
        t.telegram.sendText(chat, chat, "/imagine waiting my turn");
        t.telegram.awaitMessages(chat, 3, WAIT);
        assertThat(t.telegram.messages(chat).get(2).text()).contains("Position in queue: 3");
        awaitPhotos(chat, 1);

        t.telegram.sendText(chat, chat, "/imagine");
        await(
                "usage",
                () -> t.telegram.messages(chat).stream().anyMatch(m -> m.text().contains("Describe the picture")),
                WAIT);
    }

    @Test
    void reportsAFailedTaskWithItsReason() {
        long chat = TelegramTestBot.newId();
        t.midjourney.failTask("doomed", "Invalid parameter --ar 99:1");
        t.telegram.sendText(chat, chat, "/imagine doomed landscape");
        await(
                "failure shown",
                () -> t.telegram.messages(chat).stream()
                        .anyMatch(m -> m.text().contains("The drawing failed: Invalid parameter --ar 99:1")),
                WAIT);
    }

    @Test
    void retriesAFailedImageDownloadThenReportsTheLink() {
        long chat = TelegramTestBot.newId();
        t.midjourney.failNextImageDownloads(1);
        t.telegram.sendText(chat, chat, "/imagine retried download");
        awaitPhotos(chat, 1);

        long other = TelegramTestBot.newId();
        t.midjourney.failNextImageDownloads(10);
        t.telegram.sendText(other, other, "/imagine never downloads");
        await(
                "link shown",
                () -> t.telegram.messages(other).stream()
                        .anyMatch(m -> m.text().contains("could not download it")
                                && m.text().contains("/attachments/")),
                WAIT);
        assertThat(photos(other)).isEmpty();
        t.midjourney.failNextImageDownloads(0);
    }

    @Test
    void reportsAProxyErrorOnSubmitClearly() {
        long chat = TelegramTestBot.newId();
        t.midjourney.nextSubmitHttpError(502);
        t.telegram.sendText(chat, chat, "/imagine proxy down");
        t.telegram.awaitMessages(chat, 1, WAIT);
        assertThat(t.telegram.messages(chat).getFirst().text()).contains("Midjourney proxy is not working");
    }

    @Test
    void aFreshInstanceFinishesAJobAfterACrash() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var own = TelegramTestBot.start(new TelegramTestBot.Options().redisUrl(redis.url()))) {
            own.midjourney.progressSteps(List.of(5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90));
            long chat = TelegramTestBot.newId();
            own.telegram.sendText(chat, chat, "/imagine survive the crash");
            await("job started", () -> own.midjourney.fetches() >= 3, WAIT);
            own.crash();
            int fetchesAtCrash = own.midjourney.fetches();
            Thread.sleep(500);
            assertThat(own.midjourney.fetches()).isEqualTo(fetchesAtCrash);

            own.startBot();

            await(
                    "picture delivered",
                    () -> own.telegram.messages(chat).stream().anyMatch(SentMessage::photo),
                    WAIT);
        }
    }

    @Test
    void aJobWhoseProgressMessageWaitsOutA429IsFinishedAfterACrash() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var own = TelegramTestBot.start(new TelegramTestBot.Options()
                        .imagineLease(Duration.ofSeconds(1))
                        .redisUrl(redis.url()))) {
            long chat = TelegramTestBot.newId();
            // The progress message meets flood control: the instance waits out a long retry_after.
            own.telegram.failNext("sendMessage", 429, "Too Many Requests: retry after 30", 30, false);
            own.telegram.sendText(chat, chat, "/imagine patience under flood control");
            await(
                    "progress message refused",
                    () -> own.telegram.calls("sendMessage").stream()
                            .anyMatch(call -> call.chatId() == chat && call.httpStatus() == 429),
                    WAIT);
            assertThat(own.midjourney.submits()).hasSize(1);

            own.crash();
            own.telegram.endRetryWindow(chat); // the retry window passes while the instance is down
            own.startBot();

            await("picture delivered", () -> !photos(own, chat).isEmpty(), WAIT);
            SentMessage progress = own.telegram.messages(chat).getFirst();
            assertThat(progress.photo()).isFalse();
            await(
                    "progress finished",
                    () -> own.telegram.messages(chat).getFirst().text().startsWith("✅"),
                    WAIT);
            assertThat(photos(own, chat)).hasSize(1);
            assertThat(own.midjourney.submits())
                    .as("the job was watched, not submitted again")
                    .hasSize(1);
        }
    }

    @Test
    void offersU1ToV4WithTheOpenSourceProxyAndMapsPressesToChange() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var own = TelegramTestBot.start(new TelegramTestBot.Options()
                        .midjourneyDialect(FakeMidjourneyProxy.Dialect.CHANGE)
                        .redisUrl(redis.url()))) {
            long chat = TelegramTestBot.newId();
            own.telegram.sendText(chat, chat, "/imagine open source fox");
            await("grid", () -> own.telegram.messages(chat).stream().anyMatch(SentMessage::photo), WAIT);
            SentMessage grid = own.telegram.messages(chat).stream()
                    .filter(SentMessage::photo)
                    .findFirst()
                    .orElseThrow();
            assertThat(grid.callbackData()).hasSize(9);

            own.telegram.pressButton(
                    chat, chat, grid.messageId(), grid.callbackData().get(2)); // U3

            await(
                    "upscale",
                    () -> own.telegram.messages(chat).stream()
                                    .filter(SentMessage::photo)
                                    .count()
                            == 2,
                    WAIT);
            var change = own.midjourney.submits().stream()
                    .filter(s -> s.path().equals("/mj/submit/change"))
                    .findFirst()
                    .orElseThrow()
                    .body();
            assertThat(change.path("action").asString()).isEqualTo("UPSCALE");
            assertThat(change.path("index").asInt()).isEqualTo(3);
        }
    }

    @Test
    void reportsAndCleansUpATaskThatStopsMoving() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var own = TelegramTestBot.start(new TelegramTestBot.Options()
                        .stallTimeout(Duration.ofSeconds(2))
                        .redisUrl(redis.url()))) {
            own.midjourney.stallTask("frozen");
            long chat = TelegramTestBot.newId();
            own.telegram.sendText(chat, chat, "/imagine frozen river");

            await(
                    "stuck notice",
                    () -> own.telegram.messages(chat).stream()
                            .anyMatch(m -> m.text().contains("made no progress")),
                    WAIT);
            int fetches = own.midjourney.fetches();
            Thread.sleep(1000);
            assertThat(own.midjourney.fetches()).as("no polling after cleanup").isEqualTo(fetches);
            String taskId = own.midjourney.tasks().getFirst().path("id").asString();
            assertThat(own.redis.hasKey("cb:mj:job:" + taskId)).isFalse();
            assertThat(own.redis.opsForZSet().score("cb:mj:due", taskId)).isNull();
        }
    }

    private static List<SentMessage> awaitPhotos(long chat, int count) {
        await(count + " photos", () -> photos(chat).size() >= count, WAIT);
        return photos(chat);
    }

    private static List<SentMessage> photos(long chat) {
        return photos(t, chat);
    }

    private static List<SentMessage> photos(TelegramTestBot bot, long chat) {
        return bot.telegram.messages(chat).stream().filter(SentMessage::photo).toList();
    }

    private static void press(long chat, long user, SentMessage message, int button) {
        t.telegram.pressButton(
                chat, user, message.messageId(), message.callbackData().get(button));
    }

    private static List<String> answers() {
        return t.telegram.calls("answerCallbackQuery").stream()
                .map(call -> call.param("text") == null ? "" : call.param("text"))
                .toList();
    }

    private static int indexOfButton(SentMessage message, String label) {
        List<String> labels = new java.util.ArrayList<>();
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
        return index;
    }

    private static long submits(String path) {
        return t.midjourney.submits().stream()
                .filter(s -> s.path().equals(path))
                .count();
    }

    private static tools.jackson.databind.JsonNode lastSubmit(String path) {
        return t.midjourney.submits().stream()
                .filter(s -> s.path().equals(path))
                .reduce((a, b) -> b)
                .orElseThrow()
                .body();
    }
}
