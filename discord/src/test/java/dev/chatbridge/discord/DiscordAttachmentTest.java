package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.testsupport.common.TestImages;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** What another replica does with a queued Discord attachment: rebuild it from its reference and download it. */
class DiscordAttachmentTest {

    @Test
    void aRestoredAttachmentKeepsItsReferenceAndDownloadsTheSameFile() throws Exception {
        byte[] png = TestImages.png("restored", 24);
        try (MockWebServer cdn = new MockWebServer()) {
            cdn.enqueue(new MockResponse.Builder().body(new Buffer().write(png)).build());
            cdn.start();
            String url = cdn.url("/attachments/1/2/cat.png?ex=1&hm=abc").toString();
            var reference = new Attachment.Reference(
                    DiscordChats.PLATFORM, "cat.png", "image/png", png.length, List.of(url), null);

            DiscordAttachment restored = DiscordAttachment.restore(reference);

            assertThat(restored.reference()).isEqualTo(reference);
            assertThat(restored.download(1024 * 1024)).isEqualTo(png);
            assertThat(cdn.takeRequest().getUrl().encodedPath()).isEqualTo("/attachments/1/2/cat.png");
            assertThatThrownBy(() -> restored.download(png.length - 1))
                    .isInstanceOf(Attachment.AttachmentException.class)
                    .matches(e -> ((Attachment.AttachmentException) e).tooLarge());
        }
    }
}
