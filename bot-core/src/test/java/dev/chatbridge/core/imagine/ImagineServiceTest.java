package dev.chatbridge.core.imagine;

import static dev.chatbridge.core.imagine.ScriptedMidjourneyProxy.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImagineServiceTest {

    private static final Language EN = Language.EN;
    private static final String PROMPT = "a red fox in snow";
    private static final ImagineSettings SETTINGS = ImagineSettings.defaults(null);
    /** What the proxy offers under a finished grid, in the proxy's order. */
    private static final List<TaskButton> GRID = List.of(
            new TaskButton("MJ::JOB::upsample::1::f0x", "U1", ""),
            new TaskButton("MJ::JOB::upsample::2::f0x", "U2", ""),
            new TaskButton("MJ::JOB::upsample::3::f0x", "U3", ""),
            new TaskButton("MJ::JOB::upsample::4::f0x", "U4", ""),
            new TaskButton("MJ::JOB::reroll::0::f0x::SOLO", "", "🔄"),
            new TaskButton("MJ::JOB::variation::1::f0x", "V1", ""),
            new TaskButton("MJ::JOB::variation::2::f0x", "V2", ""),
            new TaskButton("MJ::JOB::variation::3::f0x", "V3", ""),
            new TaskButton("MJ::JOB::variation::4::f0x", "V4", ""));

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
    void postsAProgressMessageAndSavesTheJob() throws Exception {
        proxy.thenSubmit(submitted("task-1"));

        imagine.imagine("tg", "chat-1", "ada", PROMPT, channel, EN);

        assertThat(proxy.prompts()).containsExactly(PROMPT);
        InMemoryChannel.Shown progress = channel.messages().getFirst();
        assertThat(channel.messages()).containsExactly(progress);
        assertThat(progress.text())
                .isEqualTo(
                        OutgoingText.status(PROMPT, OutgoingText.Stage.WAITING, Text.IMAGINE_SUBMITTED.in(EN, PROMPT)));
        assertThat(jobs.find("task-1")).hasValueSatisfying(job -> {
            assertThat(job.ownerUserId()).isEqualTo("ada");
            assertThat(job.progressMessageId()).isEqualTo(progress.id());
            assertThat(job.lastStatus()).isEqualTo(Task.Status.SUBMITTED);
        });
        assertThat(jobs.due(Long.MAX_VALUE, 10)).containsExactly("task-1");
    }

    @Test
    void savesTheJobBeforeThePlatformIsCalled() throws Exception {
        proxy.thenSubmit(submitted("task-1"));
        List<Optional<ImagineJob>> savedWhenSending = new java.util.ArrayList<>();
        // The chat records what Redis held when the first platform call came.
        ChatChannel watching = new ChatChannel() {
            @Override
            public ChannelLimits limits() {
                return channel.limits();
            }

            @Override
            public String pacingKey() {
                return channel.pacingKey();
            }

            @Override
            public MessageRef send(OutgoingText text) {
                savedWhenSending.add(jobs.find("task-1"));
                return channel.send(text);
            }

            @Override
            public void edit(MessageRef message, OutgoingText text) throws DeliveryException {
                channel.edit(message, text);
            }

            @Override
            public void typing() {}
        };

        imagine.imagine("tg", "chat-1", "ada", PROMPT, watching, EN);

        assertThat(savedWhenSending)
                .singleElement()
                .satisfies(saved -> assertThat(saved).hasValueSatisfying(job -> {
                    assertThat(job.progressPending()).isTrue();
                    assertThat(job.progressMessageId()).isNull();
                }));
        assertThat(jobs.find("task-1"))
                .hasValueSatisfying(job -> assertThat(job.progressPending()).isFalse());
    }

    @Test
    void theWatcherPostsTheProgressMessageOfAJobWhoseSubmitterStopped() throws Exception {
        ImagineJob pending = new ImagineJob(
                "task-9",
                "tg",
                "chat-1",
                "ada",
                EN,
                PROMPT,
                null,
                null,
                0,
                0,
                Task.Status.SUBMITTED,
                0,
                2000,
                false,
                true);
        jobs.save(pending, 0);

        imagine.advance(
                jobs.find("task-9").orElseThrow(), Optional.of(task("task-9", Task.Status.IN_PROGRESS, 40, List.of())));

        InMemoryChannel.Shown progress = channel.messages().getFirst();
        assertThat(channel.messages()).hasSize(1);
        assertThat(progress.text().text()).startsWith("🎨 " + PROMPT).endsWith(" 40%");
        assertThat(jobs.find("task-9")).hasValueSatisfying(job -> {
            assertThat(job.progressPending()).isFalse();
            assertThat(job.progressMessageId()).isEqualTo(progress.id());
        });
    }

    @Test
    void editsTheProgressMessageWhileTheTaskIsInProgress() throws Exception {
        ImagineJob job = startJob("task-1");

        boolean over = imagine.advance(job, Optional.of(task("task-1", Task.Status.IN_PROGRESS, 40, List.of())));

        assertThat(over).isFalse();
        assertThat(channel.messages()).singleElement().satisfies(progress -> {
            assertThat(progress.text().status().stage()).isEqualTo(OutgoingText.Stage.WORKING);
            assertThat(progress.text().text()).startsWith("🎨 " + PROMPT).endsWith(" 40%");
        });
        assertThat(jobs.find("task-1")).hasValueSatisfying(saved -> {
            assertThat(saved.lastStatus()).isEqualTo(Task.Status.IN_PROGRESS);
            assertThat(saved.lastProgress()).isEqualTo(40);
        });
    }

    @Test
    void postsTheFinishedPictureWithButtonsThatResolveToTheTasksActions() throws Exception {
        ImagineJob job = startJob("task-1");
        Task done = task("task-1", Task.Status.SUCCESS, 100, GRID);

        assertThat(imagine.advance(job, Optional.of(done))).isTrue();

        assertThat(proxy.downloads()).containsExactly(done.imageUrl());
        InMemoryChannel.Shown picture = channel.messages().getLast();
        assertThat(picture.image()).isNotNull();
        assertThat(picture.image().bytes()).isEqualTo(ScriptedMidjourneyProxy.PICTURE);
        assertThat(picture.buttons())
                .extracting(row -> row.stream().map(Button::text).toList())
                .containsExactly(List.of("U1", "U2", "U3", "U4", "🔄"), List.of("V1", "V2", "V3", "V4"));
        Map<String, String> customIdByFace =
                GRID.stream().collect(Collectors.toMap(TaskButton::face, TaskButton::customId));
        assertThat(picture.buttons()).flatMap(Function.identity()).allSatisfy(button -> {
            assertThat(button.key()).startsWith(ButtonKeys.PREFIX);
            assertThat(keys.resolve(button.key())).hasValueSatisfying(target -> {
                assertThat(target.taskId()).isEqualTo("task-1");
                assertThat(target.customId()).isEqualTo(customIdByFace.get(button.text()));
                assertThat(target.ownerUserId()).isEqualTo("ada");
            });
        });
        assertThat(channel.messages().getFirst().text().text()).isEqualTo(Text.IMAGINE_DONE.in(EN, PROMPT));
        assertThat(jobs.find("task-1")).isEmpty();
    }

    @Test
    void aPressSubmitsTheButtonsActionAndASecondPressOfItIsRefused() throws Exception {
        InMemoryChannel.Shown picture = finishedPicture("task-1");
        Button upscale = picture.buttons().getFirst().getFirst();
        proxy.thenSubmit(submitted("task-2"));

        String first = imagine.press(press("press-1", upscale, picture), channel, EN);
        String second = imagine.press(press("press-2", upscale, picture), channel, EN);
        finishBackgroundWork();

        assertThat(first).isEqualTo(Text.BUTTON_WORKING.in(EN));
        assertThat(second).isEqualTo(Text.BUTTON_ALREADY_PRESSED.in(EN));
        assertThat(proxy.actions())
                .containsExactly(new ScriptedMidjourneyProxy.Action("task-1", "MJ::JOB::upsample::1::f0x"));
        assertThat(jobs.find("task-2")).hasValueSatisfying(job -> {
            assertThat(job.replyToMessageId()).isEqualTo(picture.id());
            assertThat(job.prompt()).isEqualTo(PROMPT);
        });
        assertThat(channel.texts()).last().isEqualTo(Text.IMAGINE_SUBMITTED.in(EN, PROMPT));
    }

    @Test
    void tellsThePositionWhenTheProxyQueuesTheJob() throws Exception {
        proxy.thenSubmit(new SubmitResult(22, "In queue", "task-1", 3, null));

        imagine.imagine("tg", "chat-1", "ada", PROMPT, channel, EN);

        assertThat(channel.texts()).containsExactly(Text.IMAGINE_QUEUED.in(EN, PROMPT, 3));
        assertThat(jobs.find("task-1")).isPresent();
    }

    @Test
    void tellsTheUserToComeBackLaterWhenTheQueueIsFull() throws Exception {
        proxy.thenSubmit(new SubmitResult(23, "Queue full, please try again later", null, null, null));

        imagine.imagine("tg", "chat-1", "ada", PROMPT, channel, EN);

        assertThat(channel.texts()).containsExactly(Text.IMAGINE_QUEUE_FULL.in(EN));
        assertThat(jobs.activeCount()).isZero();
    }

    @Test
    void namesTheBannedWordWhenTheProxyRefusesThePrompt() throws Exception {
        proxy.thenSubmit(new SubmitResult(24, "Banned prompt", null, null, "gore"));

        imagine.imagine("tg", "chat-1", "ada", PROMPT, channel, EN);

        assertThat(channel.texts()).containsExactly(Text.IMAGINE_BANNED.in(EN, "gore"));
        assertThat(jobs.activeCount()).isZero();
    }

    @Test
    void reportsWhyTheTaskFailedInPlaceOfTheProgress() throws Exception {
        ImagineJob job = startJob("task-1");
        Task failed = new Task(
                "task-1", "IMAGINE", Task.Status.FAILURE, 0, null, "Invalid parameter --ar", PROMPT, List.of());

        assertThat(imagine.advance(job, Optional.of(failed))).isTrue();

        assertThat(channel.messages()).singleElement().satisfies(progress -> {
            assertThat(progress.text().text()).isEqualTo(Text.IMAGINE_FAILED.in(EN, "Invalid parameter --ar"));
            assertThat(progress.text().status().stage()).isEqualTo(OutgoingText.Stage.FAILED);
        });
        assertThat(jobs.find("task-1")).isEmpty();
        assertThat(proxy.downloads()).isEmpty();
    }

    private ImagineJob startJob(String taskId) throws InterruptedException {
        proxy.thenSubmit(submitted(taskId));
        imagine.imagine("tg", "chat-1", "ada", PROMPT, channel, EN);
        return jobs.find(taskId).orElseThrow();
    }

    private InMemoryChannel.Shown finishedPicture(String taskId) throws InterruptedException {
        imagine.advance(startJob(taskId), Optional.of(task(taskId, Task.Status.SUCCESS, 100, GRID)));
        return channel.messages().getLast();
    }

    private void finishBackgroundWork() throws InterruptedException {
        background.shutdown();
        assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static Task task(String id, Task.Status status, int progress, List<TaskButton> buttons) {
        String imageUrl = status == Task.Status.SUCCESS ? "https://cdn.example/" + id + ".png" : null;
        return new Task(id, "IMAGINE", status, progress, imageUrl, null, PROMPT, buttons);
    }

    private static ButtonPress press(String eventId, Button button, InMemoryChannel.Shown message) {
        return new ButtonPress("tg", eventId, "chat-1", "ada", "en", button.key(), message.id());
    }

    private static ChannelDirectory directoryOf(InMemoryChannel channel) {
        ChannelDirectory directory = new ChannelDirectory();
        directory.register("tg", address -> channel);
        return directory;
    }
}
