package dev.chatbridge.core.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.text.Language;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class VisionContextTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0};
    private final VisionContext vision = new VisionContext(
            new VisionSettings(1000, 2, null), Safeguards.none().urlFetcher());

    @Test
    void storesACompactReferenceInsteadOfTheImage() {
        ImageInput image = ImageInput.of(new byte[300_000], ImageFormat.JPEG, "photo.jpg");
        String stored = VisionContext.storedQuestion("what is this?", List.of(image));
        assertThat(stored).isEqualTo("[image: photo.jpg, jpeg, 293 KB]\nwhat is this?");
        assertThat(stored.length()).isLessThan(60);
        assertThat(VisionContext.storedQuestion("plain", List.of())).isEqualTo("plain");
    }

    @Test
    void sniffsTheTypeFromTheBytesNotTheName() throws Exception {
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
    void refusesBeforeDownloadingWhatIsDeclaredTooLargeOrNotAnImage() throws Exception {
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
    void aRefusedLinkBecomesANoticeNotAFailure() throws Exception {
        VisionContext.FoundLinks found = vision.linksIn("see http://127.0.0.1:9/x.png", List.of());
        VisionContext.Loaded loaded = vision.load(List.of(), found, Language.EN);
        assertThat(loaded.images()).isEmpty();
        assertThat(loaded.notices())
                .singleElement()
                .asString()
                .contains("did not open the image link x.png (127.0.0.1)")
                .contains("private or internal");
    }

    @Test
    void leavesOutImagesPastTheQuestionsBudgetWithoutDownloadingThemAndNamesTheCap() throws Exception {
        VisionContext budgeted = new VisionContext(
                new VisionSettings(1000, 10, null, 2500), Safeguards.none().urlFetcher(), new ImageMemory(1 << 20));
        List<Fake> files = List.of(png("1.png", 1000), png("2.png", 1000), png("3.png", 1000), png("4.png", 400));

        try (VisionContext.Loaded loaded = budgeted.load(List.copyOf(files), Language.EN)) {
            assertThat(loaded.images()).extracting(ImageInput::name).containsExactly("1.png", "2.png", "4.png");
            assertThat(files.get(2).downloads).isZero();
            assertThat(loaded.notices())
                    .containsExactly("ℹ️ The images of one question may add up to 0.0 MB, so I left out 1 of them and"
                            + " looked at the other 3.");
        }
    }

    @Test
    void stopsADownloadWhereItWouldPassWhatIsLeftOfTheBudget() throws Exception {
        VisionContext budgeted = new VisionContext(
                new VisionSettings(1000, 10, null, 1500), Safeguards.none().urlFetcher(), new ImageMemory(1 << 20));
        Fake undeclared = new Fake("big.png", "image/png", padded(900)) {
            @Override
            public long declaredBytes() {
                return -1;
            }
        };

        try (VisionContext.Loaded loaded = budgeted.load(List.of(png("first.png", 800), undeclared), Language.EN)) {
            assertThat(loaded.images()).extracting(ImageInput::name).containsExactly("first.png");
            assertThat(undeclared.maxBytesAsked).isEqualTo(700);
            assertThat(loaded.notices()).singleElement().asString().contains("left out 1 of them");
        }
    }

    @Test
    void aQuestionWaitsForTheHeapOthersHoldAndGetsItWhenTheyShrinkOrEnd() throws Exception {
        ImageMemory memory = new ImageMemory(1000 * 1024);
        ImageMemory.Lease first = memory.reserve(800 * 1024, Duration.ZERO);
        assertThat(first).isNotNull();
        assertThat(memory.reserve(800 * 1024, Duration.ofMillis(20))).isNull();

        first.shrinkTo(100 * 1024);
        ImageMemory.Lease second = memory.reserve(800 * 1024, Duration.ZERO);
        assertThat(second).isNotNull();
        assertThat(memory.reserve(200 * 1024, Duration.ZERO)).isNull();

        first.close();
        first.close();
        ImageMemory.Lease third = memory.reserve(200 * 1024, Duration.ZERO);
        assertThat(third).isNotNull();
        // One question larger than all there is still gets all of it, so it can be answered at all.
        second.close();
        third.close();
        assertThat(memory.reserve(10L << 30, Duration.ZERO)).isNotNull();
    }

    @Test
    void buildsTheDataUrlAtTheSizeWorkedOutBeforehand() {
        for (int size : List.of(0, 1, 2, 3, 4, 5, 1000, 65_537)) {
            byte[] bytes = padded(size);
            ImageInput image = ImageInput.of(bytes, ImageFormat.PNG, "x.png");
            assertThat(image.dataUrl())
                    .hasSize((int) ImageInput.dataUrlLength(size, ImageFormat.PNG))
                    .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(bytes));
            assertThat(image.byteCount()).isEqualTo(size);
        }
        assertThat(ImageInput.of(padded(300_000), ImageFormat.PNG, "x.png").toString())
                .isEqualTo("ImageInput[[image: x.png, png, 293 KB]]");
    }

    private static Fake png(String name, int size) {
        return new Fake(name, "image/png", padded(size));
    }

    /** The PNG signature, then zeros up to {@code size} bytes. */
    private static byte[] padded(int size) {
        byte[] bytes = new byte[size];
        System.arraycopy(PNG, 0, bytes, 0, Math.min(size, PNG.length));
        return bytes;
    }

    private static class Fake implements Attachment {
        final String name;
        final String type;
        final byte[] bytes;
        int downloads;
        long maxBytesAsked = -1;

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
            maxBytesAsked = maxBytes;
            if (bytes.length > maxBytes) {
                throw new AttachmentException("too big", true);
            }
            return bytes;
        }
    }
}
