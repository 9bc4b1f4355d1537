package dev.chatbridge.core.imagine;

import static dev.chatbridge.core.imagine.ScriptedMidjourneyProxy.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.LimitKind;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /describe in the core: the DESCRIBE task is watched like a job, and its prompts come back with buttons that draw. */
class DescribeServiceTest {

    private static final Language EN = Language.EN;
    private static final String PICTURE = "data:image/png;base64,iVBORw0KGgo=";
    private static final String SUGGESTED =
            "1️⃣ a fox, watercolor --ar 4:3\n\n2️⃣ a fox on a hill, ukiyo-e --ar 4:3\n\n"
                    + "3️⃣ an orange animal --ar 4:3\n\n4️⃣ winter wildlife, 85mm --ar 4:3";

    private final InMemoryStorage storage = new InMemoryStorage();
    private final InMemoryImagineJobStore jobs = storage.imagineJobs();
    private final ScriptedMidjourneyProxy proxy = new ScriptedMidjourneyProxy();
    private final InMemoryChannel channel = new InMemoryChannel("tg", "chat-1");
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ImagineService imagine = new ImagineService(
            proxy,
            jobs,
            storage.buttonKeys(ImagineSettings.defaults(null).buttonLifetime()),
            directoryOf(channel),
            storage.pacer(),
            ImagineSettings.defaults(null),
            background);

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void showsTheFourPromptsAndAButtonDrawsExactlyItsPromptForItsOwnerOnly() throws Exception {
        proxy.thenSubmit(submitted("d-1"));
        imagine.describe("tg", "chat-1", "ada", PICTURE, "🔍 /describe fox.png", channel, EN);
        assertThat(proxy.pictures())
                .containsExactly(new ScriptedMidjourneyProxy.Pictures("/mj/submit/describe", List.of(PICTURE), null));

        ImagineJob job = jobs.find("d-1").orElseThrow();
        boolean over = imagine.advance(
                job,
                Optional.of(new Task("d-1", "DESCRIBE", Task.Status.SUCCESS, 100, null, null, SUGGESTED, List.of())));

        assertThat(over).isTrue();
        InMemoryChannel.Shown result = channel.messages().getLast();
        assertThat(result.text().text())
                .startsWith(Text.DESCRIBE_RESULT.in(EN))
                .contains("2️⃣ a fox on a hill, ukiyo-e --ar 4:3");
        assertThat(result.buttons())
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .extracting(Button::text)
                        .containsExactly("🎨 1️⃣", "🎨 2️⃣", "🎨 3️⃣", "🎨 4️⃣"));
        assertThat(channel.messages().getFirst().text().text()).startsWith("✅");

        Button second = result.buttons().getFirst().get(1);
        assertThat(imagine.press(press("p-0", "bob", second, result), channel, EN))
                .isEqualTo(Text.BUTTON_FOREIGN.in(EN));
        proxy.thenSubmit(submitted("i-2"));
        assertThat(imagine.press(press("p-1", "ada", second, result), channel, EN))
                .isEqualTo(Text.BUTTON_WORKING.in(EN));
        background.shutdown();
        assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(proxy.prompts()).containsExactly("a fox on a hill, ukiyo-e --ar 4:3");
        assertThat(proxy.actions()).isEmpty();
        assertThat(jobs.find("i-2")).hasValueSatisfying(drawing -> {
            assertThat(drawing.ownerUserId()).isEqualTo("ada");
            assertThat(drawing.prompt()).isEqualTo("a fox on a hill, ukiyo-e --ar 4:3");
        });
    }

    @Test
    void aDescribeWithoutPromptsSaysSo() throws Exception {
        proxy.thenSubmit(submitted("d-2"));
        imagine.describe("tg", "chat-1", "ada", PICTURE, "🔍 /describe fox.png", channel, EN);
        imagine.advance(
                jobs.find("d-2").orElseThrow(),
                Optional.of(new Task("d-2", "DESCRIBE", Task.Status.SUCCESS, 100, null, null, "", List.of())));

        assertThat(channel.texts()).anyMatch(text -> text.contains(Text.DESCRIBE_EMPTY.in(EN)));
    }

    @Test
    void aBlendIsSubmittedWithItsShapeAndWatchedLikeAnImagine() throws Exception {
        proxy.thenSubmit(submitted("b-1"));
        imagine.blend("tg", "chat-1", "ada", List.of(PICTURE, PICTURE), Dimensions.PORTRAIT, "🔀", channel, EN);

        assertThat(proxy.pictures())
                .containsExactly(new ScriptedMidjourneyProxy.Pictures(
                        "/mj/submit/blend", List.of(PICTURE, PICTURE), Dimensions.PORTRAIT));
        assertThat(jobs.find("b-1")).isPresent();
    }

    @Test
    void describeBlendAndTheDrawButtonsCountAsImageJobsAndARefusedSubmitIsRefunded() throws Exception {
        CountingQuotas quotas = new CountingQuotas(2);
        ImagineService limited = new ImagineService(
                proxy,
                jobs,
                storage.buttonKeys(ImagineSettings.defaults(null).buttonLifetime()),
                directoryOf(channel),
                storage.pacer(),
                ImagineSettings.defaults(null),
                background,
                quotas,
                BridgeMetrics.none());

        proxy.thenSubmit(submitted("d-3"));
        limited.describe("tg", "chat-1", "ada", PICTURE, "🔍", channel, EN);
        // No reply scripted: the proxy fails, and the job is given back.
        limited.blend("tg", "chat-1", "ada", List.of(PICTURE, PICTURE), Dimensions.SQUARE, "🔀", channel, EN);
        assertThat(quotas.admitted).isEqualTo(2);
        assertThat(quotas.refunded).isEqualTo(1);

        limited.advance(
                jobs.find("d-3").orElseThrow(),
                Optional.of(new Task("d-3", "DESCRIBE", Task.Status.SUCCESS, 100, null, null, SUGGESTED, List.of())));
        InMemoryChannel.Shown result = channel.messages().getLast();
        proxy.thenSubmit(submitted("i-4"));
        limited.press(press("p-4", "ada", result.buttons().getFirst().getFirst(), result), channel, EN);
        assertThat(quotas.admitted).isEqualTo(3);

        // The day's jobs are spent: a blend is refused before the proxy hears of it.
        int submitsBefore = proxy.pictures().size();
        limited.blend("tg", "chat-1", "ada", List.of(PICTURE, PICTURE), Dimensions.SQUARE, "🔀", channel, EN);
        assertThat(proxy.pictures()).hasSize(submitsBefore);
        assertThat(channel.texts().getLast()).isEqualTo("no more drawings today");
    }

    /** Admits {@code limit} image jobs a day, counting admissions and refunds. */
    private static final class CountingQuotas implements Quotas {
        private final Quotas none = Quotas.unlimited();
        private final int limit;
        volatile int admitted;
        volatile int refunded;

        CountingQuotas(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized Optional<String> admitImageJob(QuotaUser user, Language language) {
            if (admitted - refunded >= limit) {
                return Optional.of("no more drawings today");
            }
            admitted++;
            return Optional.empty();
        }

        @Override
        public synchronized void refundImageJob(QuotaUser user) {
            refunded++;
        }

        @Override
        public Optional<String> admitChat(QuotaUser user, String question, Language language) {
            return none.admitChat(user, question, language);
        }

        @Override
        public void recordTokens(QuotaUser user, long promptTokens, long completionTokens) {}

        @Override
        public Usage usage(QuotaUser user) {
            return none.usage(user);
        }

        @Override
        public Stats stats(int topUsers) {
            return none.stats(topUsers);
        }

        @Override
        public void setLimit(QuotaUser user, LimitKind kind, long value) {}
    }

    private static ButtonPress press(String eventId, String userId, Button button, InMemoryChannel.Shown message) {
        return new ButtonPress("tg", eventId, "chat-1", userId, "en", button.key(), message.id());
    }

    private static ChannelDirectory directoryOf(InMemoryChannel channel) {
        ChannelDirectory directory = new ChannelDirectory();
        directory.register("tg", address -> channel);
        return directory;
    }
}
