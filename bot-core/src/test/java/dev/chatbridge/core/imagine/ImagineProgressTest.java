package dev.chatbridge.core.imagine;

import static dev.chatbridge.core.imagine.ScriptedMidjourneyProxy.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Previews in the progress message, the final prompt under the picture, "try again", and code 21. */
class ImagineProgressTest {

    private static final Language EN = Language.EN;
    private static final String PROMPT = "a red fox in snow";
    /** One preview per job per hour: the second preview of a test is always too early. */
    private static final ImagineSettings SETTINGS =
            ImagineSettings.defaults(null).withPreviewInterval(Duration.ofHours(1));

    private static final List<TaskButton> GRID = List.of(
            new TaskButton("MJ::JOB::upsample::1::f0x", "U1", ""),
            new TaskButton("MJ::JOB::variation::1::f0x", "V1", ""));
    private static final List<TaskButton> UPSCALED =
            List.of(new TaskButton("MJ::JOB::variation::1::up::SOLO", "Vary (Strong)", "🪄"));

    private final InMemoryStorage storage = new InMemoryStorage();
    private final InMemoryImagineJobStore jobs = storage.imagineJobs();
    private final InMemoryButtonKeys keys = storage.buttonKeys(SETTINGS.buttonLifetime());
    private final ScriptedMidjourneyProxy proxy = new ScriptedMidjourneyProxy();
    private final InMemoryChannel channel = new InMemoryChannel("tg", "chat-1");
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ImagineService imagine =
            new ImagineService(proxy, jobs, keys, directoryOf(channel), storage.pacer(), SETTINGS, background);

    @AfterEach
    void stopBackgroundWork() {
        background.shutdownNow();
    }

    @Test
    void theProgressMessageShowsThePreviewAtMostOncePerInterval() throws Exception {
        ImagineJob job = startJob("task-1");

        imagine.advance(job, Optional.of(running("task-1", 10, "https://cdn.example/p10.png")));
        imagine.advance(
                jobs.find("task-1").orElseThrow(), Optional.of(running("task-1", 35, "https://cdn.example/p35.png")));

        assertThat(channel.messages()).singleElement().satisfies(progress -> {
            assertThat(progress.image())
                    .as("the progress message shows a picture")
                    .isNotNull();
            assertThat(progress.text().text()).endsWith(" 35%");
        });
        assertThat(channel.pictureEdits()).isEqualTo(1);
        assertThat(proxy.downloads()).containsExactly("https://cdn.example/p10.png");

        // Once the interval has passed, the newer preview replaces the old one.
        ImagineJob later = jobs.find("task-1").orElseThrow();
        later = later.withPreview(new ImagineJob.Preview("https://cdn.example/p10.png", 0));
        imagine.advance(later, Optional.of(running("task-1", 60, "https://cdn.example/p60.png")));
        assertThat(channel.pictureEdits()).isEqualTo(2);
        assertThat(jobs.find("task-1").orElseThrow().preview().imageUrl()).isEqualTo("https://cdn.example/p60.png");
    }

    @Test
    void withoutPreviewsTheProgressStaysText() throws Exception {
        ImagineService textOnly = new ImagineService(
                proxy,
                jobs,
                keys,
                directoryOf(channel),
                storage.pacer(),
                SETTINGS.withPreviewInterval(Duration.ZERO),
                background);
        proxy.thenSubmit(submitted("task-1"));
        textOnly.imagine("tg", "chat-1", "ada", PROMPT, channel, EN);

        textOnly.advance(
                jobs.find("task-1").orElseThrow(), Optional.of(running("task-1", 10, "https://cdn.example/p.png")));

        assertThat(channel.messages())
                .singleElement()
                .satisfies(progress -> assertThat(progress.image()).isNull());
        assertThat(proxy.downloads()).isEmpty();
    }

    @Test
    void theFinishedPictureReplacesThePreview() throws Exception {
        ImagineJob job = startJob("task-1");
        imagine.advance(job, Optional.of(running("task-1", 10, "https://cdn.example/p10.png")));
        String progressId = channel.messages().getFirst().id();

        boolean over = imagine.advance(jobs.find("task-1").orElseThrow(), Optional.of(done("task-1", GRID, null)));

        assertThat(over).isTrue();
        assertThat(channel.deleted()).containsExactly(progressId);
        assertThat(channel.messages()).singleElement().satisfies(grid -> {
            assertThat(grid.image().bytes()).isEqualTo(ScriptedMidjourneyProxy.PICTURE);
            assertThat(grid.buttons()).isNotEmpty();
        });
        assertThat(jobs.find("task-1")).isEmpty();
    }

    @Test
    void aJobThatFailsUnderAPreviewSaysSoInTheCaptionWithTryAgain() throws Exception {
        ImagineJob job = startJob("task-1");
        imagine.advance(job, Optional.of(running("task-1", 10, "https://cdn.example/p10.png")));
        Task failed = new Task("task-1", "IMAGINE", Task.Status.FAILURE, 0, null, "Job timed out", PROMPT, List.of());

        imagine.advance(jobs.find("task-1").orElseThrow(), Optional.of(failed));

        assertThat(channel.messages()).singleElement().satisfies(progress -> {
            assertThat(progress.image())
                    .as("the preview stays: it shows how far the job got")
                    .isNotNull();
            assertThat(progress.text().text()).isEqualTo(Text.IMAGINE_FAILED.in(EN, "Job timed out"));
            assertThat(progress.buttons())
                    .flatMap(row -> row)
                    .extracting(Button::text)
                    .containsExactly(Text.IMAGINE_RETRY_BUTTON.in(EN));
        });
        assertThat(channel.deleted()).isEmpty();
    }

    @Test
    void showsWhatMidjourneyDrewWhenTheProxyTranslatedThePrompt() throws Exception {
        proxy.thenSubmit(submitted("task-1"));
        imagine.imagine("tg", "chat-1", "ada", "雪地里的红狐狸", channel, EN);

        imagine.advance(
                jobs.find("task-1").orElseThrow(),
                Optional.of(done("task-1", GRID, "a red fox in the snow --ar 16:9")));

        assertThat(channel.messages().getLast().image().caption())
                .contains("雪地里的红狐狸")
                .contains(Text.IMAGINE_FINAL_PROMPT.in(EN, "a red fox in the snow --ar 16:9"));
    }

    @Test
    void saysNothingMoreWhenTheFinalPromptOnlyAddsParameters() throws Exception {
        ImagineJob job = startJob("task-1");

        imagine.advance(job, Optional.of(done("task-1", GRID, "A red fox  in snow --v 6.1 --s 250")));

        assertThat(channel.messages().getLast().image().caption())
                .isEqualTo(Text.IMAGINE_CAPTION.in(EN, PROMPT))
                .doesNotContain("Midjourney drew");
    }

    @Test
    void aLongFinalPromptKeepsTheCaptionWithinTelegramsLimitAndItsEmojiWhole() throws Exception {
        String longPrompt = "🦊".repeat(700);
        proxy.thenSubmit(submitted("task-1"));
        imagine.imagine("tg", "chat-1", "ada", longPrompt, channel, EN);

        imagine.advance(jobs.find("task-1").orElseThrow(), Optional.of(done("task-1", GRID, "fox ".repeat(500))));

        String caption = channel.messages().getLast().image().caption();
        assertThat(caption.length()).isLessThanOrEqualTo(1024);
        assertThat(caption).contains("Midjourney drew: fox fox");
        assertThat(caption.chars()
                        .filter(c -> Character.isHighSurrogate((char) c))
                        .count())
                .isEqualTo(caption.chars()
                        .filter(c -> Character.isLowSurrogate((char) c))
                        .count());
    }

    @Test
    void aFailedJobOffersTryAgainWhichSubmitsThePromptAgain() throws Exception {
        ImagineJob job = startJob("task-1");
        Task failed = new Task("task-1", "IMAGINE", Task.Status.FAILURE, 0, null, "Job timed out", PROMPT, List.of());

        imagine.advance(job, Optional.of(failed));

        InMemoryChannel.Shown progress = channel.messages().getFirst();
        assertThat(progress.text().text()).isEqualTo(Text.IMAGINE_FAILED.in(EN, "Job timed out"));
        Button retry = progress.buttons().getFirst().getFirst();
        assertThat(retry.text()).isEqualTo(Text.IMAGINE_RETRY_BUTTON.in(EN));
        assertThat(imagine.press(press("p-foreign", "bob", retry, progress), channel, EN))
                .isEqualTo(Text.BUTTON_FOREIGN.in(EN));

        proxy.thenSubmit(submitted("task-2"));
        assertThat(imagine.press(press("p-1", "ada", retry, progress), channel, EN))
                .isEqualTo(Text.BUTTON_WORKING.in(EN));
        finishBackgroundWork();

        assertThat(proxy.prompts()).containsExactly(PROMPT, PROMPT);
        assertThat(jobs.find("task-2")).hasValueSatisfying(again -> {
            assertThat(again.replyToMessageId()).isEqualTo(progress.id());
            assertThat(again.origin()).isNull();
        });
    }

    @Test
    void tryAgainAfterAFailedPressPressesTheSameButtonAgain() throws Exception {
        InMemoryChannel.Shown grid = finishedPicture("task-1");
        proxy.thenSubmit(submitted("task-2"));
        imagine.press(press("p-1", "ada", grid.buttons().getFirst().getFirst(), grid), channel, EN);
        awaitJob("task-2");
        Task failed = new Task("task-2", "UPSCALE", Task.Status.FAILURE, 0, null, "Upscale failed", PROMPT, List.of());

        imagine.advance(jobs.find("task-2").orElseThrow(), Optional.of(failed));

        InMemoryChannel.Shown failure = channel.messages().stream()
                .filter(shown -> shown.text().text().contains("Upscale failed"))
                .findFirst()
                .orElseThrow();
        proxy.thenSubmit(submitted("task-3"));
        imagine.press(press("p-2", "ada", failure.buttons().getFirst().getFirst(), failure), channel, EN);
        finishBackgroundWork();

        assertThat(proxy.actions())
                .containsExactly(
                        new ScriptedMidjourneyProxy.Action("task-1", "MJ::JOB::upsample::1::f0x"),
                        new ScriptedMidjourneyProxy.Action("task-1", "MJ::JOB::upsample::1::f0x"));
        assertThat(jobs.find("task-3"))
                .hasValueSatisfying(again -> assertThat(again.origin())
                        .isEqualTo(new ImagineJob.Origin("task-1", "MJ::JOB::upsample::1::f0x")));
    }

    @Test
    void aProxyThatIsDownGetsATryAgainButtonButAWrongKeyDoesNot() throws Exception {
        proxy.thenFail(new MidjourneyException(MidjourneyException.Kind.HTTP_ERROR, "HTTP 502", 502));
        imagine.imagine("tg", "chat-1", "ada", PROMPT, channel, EN);
        proxy.thenFail(new MidjourneyException(MidjourneyException.Kind.HTTP_ERROR, "HTTP 401", 401));
        imagine.imagine("tg", "chat-1", "ada", PROMPT, channel, EN);

        assertThat(channel.messages()).hasSize(2);
        assertThat(channel.messages().get(0).buttons())
                .singleElement()
                .satisfies(row -> assertThat(row.getFirst().text()).isEqualTo(Text.IMAGINE_RETRY_BUTTON.in(EN)));
        assertThat(channel.messages().get(1).buttons()).isEmpty();

        proxy.thenSubmit(submitted("task-9"));
        imagine.press(
                press(
                        "p-1",
                        "ada",
                        channel.messages().get(0).buttons().getFirst().getFirst(),
                        channel.messages().get(0)),
                channel,
                EN);
        finishBackgroundWork();
        assertThat(proxy.prompts()).containsExactly(PROMPT, PROMPT, PROMPT);
        assertThat(jobs.find("task-9")).isPresent();
    }

    @Test
    void aRepeatedPressAnsweredWithCode21ShowsTheFinishedTaskInsteadOfStartingAJob() throws Exception {
        InMemoryChannel.Shown grid = finishedPicture("task-1");
        int before = channel.messages().size();
        proxy.thenSubmit(new SubmitResult(21, "任务已存在", "task-up", null, null));
        proxy.knows(new Task(
                "task-up",
                "UPSCALE",
                Task.Status.SUCCESS,
                100,
                "https://cdn.example/task-up.png",
                null,
                PROMPT,
                UPSCALED));

        imagine.press(press("p-1", "ada", grid.buttons().getFirst().getFirst(), grid), channel, EN);
        finishBackgroundWork();

        assertThat(channel.messages()).hasSize(before + 1);
        InMemoryChannel.Shown upscaled = channel.messages().getLast();
        assertThat(upscaled.image()).isNotNull();
        assertThat(upscaled.buttons())
                .flatMap(row -> row)
                .singleElement()
                .satisfies(button -> assertThat(keys.resolve(button.key()))
                        .hasValueSatisfying(
                                target -> assertThat(target.customId()).isEqualTo("MJ::JOB::variation::1::up::SOLO")));
        assertThat(proxy.downloads()).last().isEqualTo("https://cdn.example/task-up.png");
        assertThat(jobs.find("task-up")).as("nothing to watch").isEmpty();
        assertThat(jobs.activeCount()).isZero();
    }

    @Test
    void aCode21ForATaskStillBeingWatchedStartsNoSecondJob() throws Exception {
        InMemoryChannel.Shown grid = finishedPicture("task-1");
        ImagineJob watched = startJob("task-up");
        proxy.thenSubmit(new SubmitResult(21, "任务已存在", "task-up", null, null));
        proxy.knows(new Task("task-up", "UPSCALE", Task.Status.IN_PROGRESS, 35, null, null, PROMPT, List.of()));

        imagine.press(press("p-1", "ada", grid.buttons().getFirst().getFirst(), grid), channel, EN);
        finishBackgroundWork();

        assertThat(jobs.find("task-up")).contains(watched);
        assertThat(channel.texts()).last().isEqualTo(Text.IMAGINE_EXISTS.in(EN, PROMPT));
    }

    @Test
    void aCode21WhoseTaskWaitsForTheModalAsksForTheNewPrompt() throws Exception {
        InMemoryChannel.Shown grid = finishedPicture("task-1");
        // A fork that says "exists" in its own words for a MODAL task: only the status tells.
        proxy.thenSubmit(new SubmitResult(21, "任务已存在", "task-m", null, null));
        proxy.knows(new Task("task-m", "VARIATION", Task.Status.MODAL, 0, null, null, PROMPT, List.of()));

        imagine.press(press("p-1", "ada", grid.buttons().getFirst().getFirst(), grid), channel, EN);
        finishBackgroundWork();

        // Not submitted on the user's behalf: the presser is asked (here by buttons, as on Discord).
        assertThat(jobs.find("task-m"))
                .hasValueSatisfying(job -> assertThat(job.modalSubmitted()).isFalse());
        assertThat(proxy.modals()).isEmpty();
        assertThat(channel.messages().getLast().buttons().stream().flatMap(List::stream))
                .anyMatch(button -> button.key().startsWith("mja:"));
    }

    private ImagineJob startJob(String taskId) throws InterruptedException {
        proxy.thenSubmit(submitted(taskId));
        imagine.imagine("tg", "chat-1", "ada", PROMPT, channel, EN);
        return jobs.find(taskId).orElseThrow();
    }

    private InMemoryChannel.Shown finishedPicture(String taskId) throws InterruptedException {
        imagine.advance(startJob(taskId), Optional.of(done(taskId, GRID, null)));
        return channel.messages().getLast();
    }

    private void awaitJob(String taskId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (jobs.find(taskId).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(5);
        }
        assertThat(jobs.find(taskId)).as("job " + taskId).isPresent();
    }

    private void finishBackgroundWork() throws InterruptedException {
        background.shutdown();
        assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static Task running(String id, int progress, String previewUrl) {
        return new Task(id, "IMAGINE", Task.Status.IN_PROGRESS, progress, previewUrl, null, PROMPT, List.of());
    }

    private static Task done(String id, List<TaskButton> buttons, @Nullable String finalPrompt) {
        return new Task(
                id,
                "IMAGINE",
                Task.Status.SUCCESS,
                100,
                "https://cdn.example/" + id + ".png",
                null,
                PROMPT,
                buttons,
                finalPrompt);
    }

    private static ButtonPress press(String eventId, String user, Button button, InMemoryChannel.Shown message) {
        return new ButtonPress("tg", eventId, "chat-1", user, "en", button.key(), message.id());
    }

    private static ChannelDirectory directoryOf(InMemoryChannel channel) {
        ChannelDirectory directory = new ChannelDirectory();
        directory.register("tg", address -> channel);
        return directory;
    }
}
