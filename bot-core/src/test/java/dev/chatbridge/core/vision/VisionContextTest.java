package dev.chatbridge.core.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.text.Language;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class VisionContextTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0};
    private final VisionContext vision = new VisionContext(
            new VisionSettings(1000, 2, null), Safeguards.none().urlFetcher());

    @Test
    void storesACompactReferenceInsteadOfTheImage() {
        ImageInput image = new ImageInput(new byte[300_000], ImageFormat.JPEG, "photo.jpg");
        String stored = VisionContext.storedQuestion("what is this?", List.of(image));
        assertThat(stored).isEqualTo("[image: photo.jpg, jpeg, 293 KB]\nwhat is this?");
        assertThat(stored.length()).isLessThan(60);
        assertThat(VisionContext.storedQuestion("plain", List.of())).isEqualTo("plain");
    }

    @Test
    void sniffsTheTypeFromTheBytesNotTheName() {
        assertThat(vision.load(List.of(new Fake("a.jpg", "image/jpeg", PNG)), Language.EN)
                        .images())
                .singleElement()
                .extracting(ImageInput::format)
                .isEqualTo(ImageFormat.PNG);
        assertThat(vision.load(List.of(new Fake("b.png", "image/png", "hello".getBytes())), Language.EN)
                        .refusal())
                .contains("can't read b.png");
    }

    @Test
    void refusesBeforeDownloadingWhatIsDeclaredTooLargeOrNotAnImage() {
        Fake huge = new Fake("big.png", "image/png", PNG) {
            @Override
            public long declaredBytes() {
                return 5000;
            }
        };
        assertThat(vision.load(List.of(huge), Language.EN).refusal()).contains("big.png is too large");
        assertThat(huge.downloads).isZero();
        Fake pdf = new Fake("doc.pdf", "application/pdf", PNG);
        assertThat(vision.load(List.of(pdf), Language.ZH).refusal()).contains("doc.pdf");
        assertThat(pdf.downloads).isZero();
        assertThat(vision.load(List.of(pdf, pdf, pdf), Language.EN).refusal()).contains("at most 2");
    }

    @Test
    void routesOnlyQuestionsWithImagesToTheVisionModel() {
        VisionSettings settings = new VisionSettings(1000, 2, "gpt-4o-vision");
        assertThat(settings.modelFor("deepseek-chat", true)).isEqualTo("gpt-4o-vision");
        assertThat(settings.modelFor("deepseek-chat", false)).isEqualTo("deepseek-chat");
        assertThat(new VisionSettings(1000, 2, " ").modelFor("deepseek-chat", true))
                .isEqualTo("deepseek-chat");
    }

    @Test
    void takesImageLinksTheAdapterDidNotTakeUpToTheCaps() {
        Fake fromLink = new Fake("p.png", "image/png", PNG) {
            @Override
            public String sourceLink() {
                return "https://cdn.example/p.png";
            }
        };
        VisionContext.FoundLinks found = vision.linksIn(
                "https://cdn.example/p.png https://a.example/1.png https://a.example/2.png", List.of(fromLink));
        assertThat(found.links()).singleElement().extracting(Attachment::name).isEqualTo("1.png (a.example)");
        assertThat(found.skipped()).isEqualTo(1);

        VisionContext roomy = new VisionContext(
                new VisionSettings(1000, 10, null), Safeguards.none().urlFetcher());
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < VisionContext.MAX_LINKS_PER_MESSAGE + 2; i++) {
            many.append("https://a.example/").append(i).append(".gif ");
        }
        assertThat(roomy.linksIn(many.toString(), List.of()).links()).hasSize(VisionContext.MAX_LINKS_PER_MESSAGE);
    }

    @Test
    void aRefusedLinkBecomesANoticeNotAFailure() {
        VisionContext.FoundLinks found = vision.linksIn("see http://127.0.0.1:9/x.png", List.of());
        VisionContext.LoadedLinks loaded = vision.loadLinks(found, Language.EN);
        assertThat(loaded.images()).isEmpty();
        assertThat(loaded.notices())
                .singleElement()
                .asString()
                .contains("did not open the image link x.png (127.0.0.1)")
                .contains("private or internal");
    }

    private static class Fake implements Attachment {
        final String name;
        final String type;
        final byte[] bytes;
        int downloads;

        Fake(String name, String type, byte[] bytes) {
            this.name = name;
            this.type = type;
            this.bytes = bytes;
        }

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
        public byte[] download(long maxBytes) throws AttachmentException {
            downloads++;
            if (bytes.length > maxBytes) {
                throw new AttachmentException("too big", true);
            }
            return bytes;
        }
    }
}
