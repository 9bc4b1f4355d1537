package dev.chatbridge.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.imagine.Dimensions;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.ScriptedMidjourneyProxy;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.vision.VisionContext;
import dev.chatbridge.core.vision.VisionSettings;
import dev.chatbridge.testsupport.common.TestImages;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /imagine with pictures, /describe and /blend: what they read from the message and what they refuse. */
class PictureCommandsTest {

    private static final Language EN = Language.EN;

    private final InMemoryStorage storage = new InMemoryStorage();
    private final ScriptedMidjourneyProxy proxy = new ScriptedMidjourneyProxy();
    private final InMemoryChannel channel = new InMemoryChannel("tg", "chat-1");
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final PictureCommands commands = new PictureCommands(
            new ImagineService(
                    proxy,
                    storage.imagineJobs(),
                    storage.buttonKeys(Duration.ofDays(1)),
                    directory(),
                    storage.pacer(),
                    ImagineSettings.defaults(null),
                    background),
            new VisionContext(
                    new VisionSettings(1024 * 1024, 10, null), Safeguards.none().urlFetcher()));

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void readsTheBlendShapeFromTheArgument() {
        assertThat(PictureCommands.dimensions("")).contains(Dimensions.SQUARE);
        assertThat(PictureCommands.dimensions(" Landscape ")).contains(Dimensions.LANDSCAPE);
        assertThat(PictureCommands.dimensions("portrait")).contains(Dimensions.PORTRAIT);
        assertThat(PictureCommands.dimensions("wide")).isEmpty();
    }

    @Test
    void imagineSendsThePicturesAsDataUrlsWithThePrompt() throws Exception {
        byte[] png = TestImages.png("prompt", 24);
        proxy.thenSubmit(ScriptedMidjourneyProxy.submitted("t-1"));

        assertThat(commands.imagine(call("/imagine a fox like this", picture("fox.png", "image/png", png))))
                .isNull();

        assertThat(proxy.prompts()).containsExactly("a fox like this");
        assertThat(proxy.pictures()).singleElement().satisfies(sent -> {
            assertThat(sent.path()).isEqualTo("/mj/submit/imagine");
            assertThat(sent.images())
                    .containsExactly(
                            "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
        });
    }

    @Test
    void refusesWhatIsNoPictureOrTooManyOrTooFew() throws Exception {
        byte[] png = TestImages.png("one", 16);
        Attachment pdf = picture("notes.pdf", "application/pdf", "%PDF-1.4".getBytes());

        assertThat(commands.describe(call("/describe", pdf))).isEqualTo(Text.IMAGE_UNSUPPORTED.in(EN, "notes.pdf"));
        assertThat(commands.describe(call("/describe"))).isEqualTo(Text.DESCRIBE_USAGE.in(EN));
        assertThat(commands.blend(call("/blend", picture("a.png", "image/png", png))))
                .isEqualTo(Text.BLEND_COUNT.in(EN, 1));
        Attachment[] six = new Attachment[6];
        java.util.Arrays.fill(six, picture("a.png", "image/png", png));
        assertThat(commands.blend(call("/blend", six))).isEqualTo(Text.BLEND_COUNT.in(EN, 6));
        assertThat(commands.imagine(call("/imagine six", six))).isEqualTo(Text.IMAGINE_TOO_MANY_PICTURES.in(EN, 5));
        assertThat(commands.blend(call("/blend wide", picture("a.png", "image/png", png), picture("b.png", null, png))))
                .isEqualTo(Text.BLEND_USAGE.in(EN));
        Attachment renamed = picture("b.png", null, "not a picture".getBytes());
        assertThat(commands.blend(call("/blend", picture("a.png", "image/png", png), renamed)))
                .isEqualTo(Text.IMAGE_UNSUPPORTED.in(EN, "b.png"));
        assertThat(proxy.pictures()).isEmpty();
    }

    @Test
    void blendSendsEveryPictureWithTheShape() throws Exception {
        proxy.thenSubmit(ScriptedMidjourneyProxy.submitted("b-1"));
        byte[] one = TestImages.png("one", 16);
        byte[] two = TestImages.jpeg("two", 16);
        byte[] three = TestImages.png("three", 16);

        commands.blend(call(
                "/blend landscape",
                picture("1.png", "image/png", one),
                picture("2.jpg", "image/jpeg", two),
                picture("3.png", null, three)));

        assertThat(proxy.pictures()).singleElement().satisfies(sent -> {
            assertThat(sent.dimensions()).isEqualTo(Dimensions.LANDSCAPE);
            assertThat(sent.images())
                    .containsExactly(
                            "data:image/png;base64," + Base64.getEncoder().encodeToString(one),
                            "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(two),
                            "data:image/png;base64," + Base64.getEncoder().encodeToString(three));
        });
    }

    private CommandCall call(String text, Attachment... pictures) {
        Command command = Command.parse(text).orElseThrow();
        UserMessage message = new UserMessage(
                "tg", "e-" + text, "chat-1", UserMessage.ChatKind.PRIVATE, "ada", "Ada", "en", text, List.of(pictures));
        return new CommandCall(
                Commands.find(command.name()).orElseThrow(),
                command,
                message,
                new ConversationKey("tg", "chat-1", "ada"),
                EN,
                channel);
    }

    private ChannelDirectory directory() {
        ChannelDirectory directory = new ChannelDirectory();
        directory.register("tg", address -> channel);
        return directory;
    }

    private static Attachment picture(String name, @Nullable String type, byte[] bytes) {
        return new Attachment() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public @Nullable String declaredMimeType() {
                return type;
            }

            @Override
            public long declaredBytes() {
                return bytes.length;
            }

            @Override
            public byte[] download(long maxBytes) {
                return bytes.clone();
            }
        };
    }
}
