package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.common.TestImages;
import dev.chatbridge.testsupport.discord.DispatchedInteraction;
import dev.chatbridge.testsupport.discord.PostedMessage;
import dev.chatbridge.testsupport.openai.Reply;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pictures in and out on Discord: attachments as vision input, /image, and the /models keyboard. */
class DiscordVisionIT {

    private static DiscordTestBot t;

    @BeforeAll
    static void start() throws Exception {
        t = DiscordTestBot.start();
    }

    @AfterAll
    static void stop() throws Exception {
        t.close();
    }

    @Test
    void sendsAnAttachedPictureToTheModelAsAnImagePart() {
        String alice = t.discord.user("alice");
        byte[] png = TestImages.png("discord-fox", 40);
        t.gateway.enqueue(Reply.of("A fox."));
        int downloadsBefore = t.discord.attachmentDownloads();
        t.discord.userSaysWithAttachments(
                t.discord.dmChannelOf(alice), alice, "what animal is this?", Map.of("fox.png", png));
        String dm = t.discord.dmChannelOf(alice);
        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 1, "the answer");

        var question = t.gateway.requests().getLast().lastUserMessage();
        assertThat(question.text()).isEqualTo("what animal is this?");
        assertThat(question.imageUrls())
                .singleElement()
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
        assertThat(t.discord.attachmentDownloads()).isEqualTo(downloadsBefore + 1);
    }

    @Test
    void anImageLinkToAPrivateAddressIsRefusedThroughTheCoreGuard() {
        String carol = t.discord.user("carol");
        String dm = t.discord.dmChannelOf(carol);
        int requests = t.gateway.requests().size();
        t.discord.userSays(dm, carol, "<http://169.254.169.254/latest/meta-data/creds.png>");
        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 1, "the refusal");
        assertThat(t.discord.botMessages(dm).getFirst().content())
                .contains("did not open the image link creds.png (169.254.169.254)");
        assertThat(t.gateway.requests()).hasSize(requests);

        t.discord.userSays(dm, carol, "and hello");
        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 2, "the answer");
        assertThat(t.gateway.requests().getLast().lastUserMessage().text()).isEqualTo("and hello");
    }

    @Test
    void answersAPictureSentWithoutTextInAMention() {
        String bob = t.discord.user("bob");
        String channel = t.discord.addTextChannelNow("pictures");
        byte[] jpeg = TestImages.jpeg("discord-cat", 32);
        t.gateway.enqueue(Reply.of("A cat."));
        t.discord.userSaysWithAttachments(channel, bob, "<@" + t.discord.botId() + ">", Map.of("cat.jpg", jpeg));
        t.discord.await(() -> t.discord.threadsOf(channel).size() == 1, DiscordTestBot.WAIT, "a thread");
        String thread = t.discord.threadsOf(channel).getFirst();
        t.awaitQuiet(() -> t.discord.botMessages(thread).size() == 1, "the answer");
        assertThat(t.gateway.requests().getLast().lastUserMessage().imageUrls())
                .singleElement()
                .asString()
                .startsWith("data:image/jpeg;base64,");
    }

    @Test
    void drawsWithSlashImageThroughTheImagesApi() {
        String carol = t.discord.user("carol");
        String channel = t.discord.generalChannelId();
        DispatchedInteraction image =
                t.discord.slashCommand(channel, carol, "image", Map.of("prompt", "a lighthouse at dawn"));
        PostedMessage picture = t.discord.awaitBotMessage(
                channel,
                m -> !m.attachments().isEmpty() && m.content().contains("a lighthouse at dawn"),
                DiscordTestBot.WAIT);
        assertThat(image.callbackType()).isEqualTo(5);
        assertThat(picture.content().length()).isLessThanOrEqualTo(2000);
        assertThat(t.gateway.imageRequests().getLast().path("prompt").asString())
                .isEqualTo("a lighthouse at dawn");
    }

    @Test
    void switchesTheModelFromTheModelsKeyboard() {
        String dave = t.discord.user("dave");
        String channel = t.discord.generalChannelId();
        DispatchedInteraction models = t.discord.slashCommand(channel, dave, "models", Map.of());
        t.discord.await(
                () -> models.originalMessageId() != null
                        && t.discord
                                .message(models.originalMessageId())
                                .map(m -> !m.buttonKeys().isEmpty())
                                .orElse(false),
                DiscordTestBot.WAIT,
                "the keyboard");
        PostedMessage keyboard = t.discord.message(models.originalMessageId()).orElseThrow();
        assertThat(keyboard.buttonKeys())
                .hasSizeLessThanOrEqualTo(5)
                .allSatisfy(row -> assertThat(row)
                        .hasSizeLessThanOrEqualTo(5)
                        .allSatisfy(key -> assertThat(key).hasSizeLessThanOrEqualTo(100)));
        int row = 0;
        int column = keyboard.buttonLabels().get(0).size() > 1 ? 1 : 0;
        String label = keyboard.buttonLabels().get(row).get(column);
        DispatchedInteraction press = t.discord.pressButton(
                keyboard.id(), keyboard.buttonKeys().get(row).get(column), dave);
        t.discord.await(press::acknowledged, DiscordTestBot.WAIT, "the press answered");
        assertThat(press.acknowledgedAfter()).isLessThan(java.time.Duration.ofSeconds(3));

        t.gateway.enqueue(Reply.of("ok"));
        t.discord.slashCommand(channel, dave, "chat", Map.of("message", "which model?"));
        t.awaitQuiet(
                () -> t.gateway.requests().stream()
                        .anyMatch(r -> r.lastUserText().equals("which model?")),
                "the question");
        assertThat(t.gateway.requests().getLast().model()).isEqualTo(label.replace("✅ ", ""));
    }
}
