package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.common.TestImages;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserMedia;
import dev.chatbridge.testsupport.telegram.UserText;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Pictures for Midjourney on Telegram: image prompts, /describe and /blend, through the real adapter. */
class TelegramPicturePromptsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TelegramTestBot t = TelegramTestBot.forTheClass();

    @Test
    void aPhotoCaptionedImagineSendsThePhotoAsAnImagePrompt() {
        long chat = TelegramTestBot.newId();
        byte[] photo = TestImages.jpeg("prompt-photo", 48);
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "/imagine a fox like this one"), photo));

        awaitPhotos(chat, 1);
        JsonNode imagine = submitWithPrompt("/mj/submit/imagine", "a fox like this one");
        assertThat(imagine.path("base64Array").values())
                .extracting(JsonNode::asString)
                .containsExactly(dataUrl("image/jpeg", photo));
    }

    @Test
    void anAlbumCaptionedImagineSendsAllItsPhotosAsImagePrompts() {
        long chat = TelegramTestBot.newId();
        byte[] first = TestImages.jpeg("album-prompt-1", 32);
        byte[] second = TestImages.jpeg("album-prompt-2", 32);
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "/imagine both of these, merged"), first)
                .inAlbum("i" + chat));
        t.telegram.sendMedia(
                UserMedia.photo(UserText.of(chat, chat, ""), second).inAlbum("i" + chat));

        awaitPhotos(chat, 1);
        assertThat(submitWithPrompt("/mj/submit/imagine", "both of these, merged")
                        .path("base64Array")
                        .values())
                .extracting(JsonNode::asString)
                .containsExactly(dataUrl("image/jpeg", first), dataUrl("image/jpeg", second));
    }

    @Test
    void suggestedPromptsLongerThanAMessageAreSplitNeverCutAndTheButtonsComeLast() {
        long chat = TelegramTestBot.newId();
        String longPrompt = "a very detailed scene with many words ".repeat(40).strip();
        t.midjourney.describedPrompts("1️⃣ " + longPrompt + " one\n\n2️⃣ " + longPrompt + " two\n\n3️⃣ " + longPrompt
                + " three\n\n4️⃣ " + longPrompt + " four");
        try {
            t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "/describe"), TestImages.jpeg("long", 24)));

            await(
                    "the prompts with their buttons",
                    () -> t.telegram.messages(chat).stream()
                            .anyMatch(m -> !m.callbackData().isEmpty()),
                    WAIT);
        } finally {
            t.midjourney.describedPrompts(FakeMidjourneyProxy.DEFAULT_DESCRIBED_PROMPTS);
        }
        List<SentMessage> shown = t.telegram.messages(chat).stream()
                .filter(m -> m.text().contains(longPrompt))
                .toList();
        assertThat(shown)
                .hasSizeGreaterThan(1)
                .allSatisfy(m -> assertThat(m.text().length()).isLessThanOrEqualTo(4096));
        String all = String.join("\n", shown.stream().map(SentMessage::text).toList());
        assertThat(all).contains(longPrompt + " one", longPrompt + " two", longPrompt + " three", longPrompt + " four");
        assertThat(shown.getLast().callbackData()).hasSize(4);
    }

    @Test
    void anAlbumCaptionedBlendLandscapeBlendsItsThreePhotosAndPostsTheGrid() {
        long chat = TelegramTestBot.newId();
        byte[] first = TestImages.jpeg("blend-1", 32);
        byte[] second = TestImages.jpeg("blend-2", 32);
        byte[] third = TestImages.jpeg("blend-3", 32);
        long blendsBefore = submits("/mj/submit/blend").size();
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "/blend landscape"), first)
                .inAlbum("b" + chat));
        t.telegram.sendMedia(
                UserMedia.photo(UserText.of(chat, chat, ""), second).inAlbum("b" + chat));
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, ""), third).inAlbum("b" + chat));

        SentMessage grid = awaitPhotos(chat, 1).getFirst();
        List<JsonNode> blends = submits("/mj/submit/blend");
        assertThat(blends).hasSize((int) blendsBefore + 1);
        JsonNode blend = blends.getLast();
        assertThat(blend.path("dimensions").asString()).isEqualTo("LANDSCAPE");
        assertThat(blend.path("base64Array").values())
                .extracting(JsonNode::asString)
                .containsExactly(
                        dataUrl("image/jpeg", first), dataUrl("image/jpeg", second), dataUrl("image/jpeg", third));
        assertThat(grid.callbackData()).hasSize(9);
        assertThat(grid.replyMarkup().path("inline_keyboard").get(0).toString()).contains("U1", "U4");
    }

    @Test
    void aBlendOfOnePhotoIsAnsweredWithHowManyItNeeds() {
        long chat = TelegramTestBot.newId();
        long blendsBefore = submits("/mj/submit/blend").size();
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "/blend"), TestImages.jpeg("alone", 24)));

        t.telegram.awaitMessages(chat, 1, WAIT);
        assertThat(t.telegram.messages(chat).getFirst().text()).contains("2 to 5 pictures", "you sent 1");
        assertThat(submits("/mj/submit/blend")).hasSize((int) blendsBefore);
    }

    @Test
    void describeShowsFourPromptsAndPressingTheSecondDrawsExactlyIt() {
        long chat = TelegramTestBot.newId();
        byte[] photo = TestImages.jpeg("describe-me", 40);
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "/describe"), photo));

        await(
                "the suggested prompts",
                () -> t.telegram.messages(chat).stream().anyMatch(m -> m.text().contains("4️⃣")),
                WAIT);
        SentMessage prompts = t.telegram.messages(chat).stream()
                .filter(m -> m.text().contains("4️⃣"))
                .findFirst()
                .orElseThrow();
        JsonNode describe = submits("/mj/submit/describe").stream()
                .filter(body -> body.path("base64").asString().equals(dataUrl("image/jpeg", photo)))
                .findFirst()
                .orElseThrow();
        assertThat(describe.path("base64").asString()).startsWith("data:image/jpeg;base64,");
        assertThat(prompts.text())
                .contains("2️⃣ fox on a snowy hill, in the style of ukiyo-e prints, muted orange and white --ar 4:3");
        assertThat(prompts.callbackData()).hasSize(4);

        t.telegram.pressButton(
                chat, chat, prompts.messageId(), prompts.callbackData().get(1));

        awaitPhotos(chat, 1);
        submitWithPrompt(
                "/mj/submit/imagine",
                "fox on a snowy hill, in the style of ukiyo-e prints, muted orange and white --ar 4:3");
    }

    @Test
    void describeAsAReplyToAPhotoDescribesThatPhoto() {
        long chat = TelegramTestBot.newId();
        byte[] photo = TestImages.jpeg("earlier-photo", 36);
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "look"), photo));
        int photoMessage = t.telegram.lastUserMessageId(chat);
        t.telegram.sendText(UserText.of(chat, chat, "/describe").replyingTo(photoMessage));

        await(
                "the describe of the earlier photo",
                () -> submits("/mj/submit/describe").stream()
                        .anyMatch(body -> body.path("base64").asString().equals(dataUrl("image/jpeg", photo))),
                WAIT);
    }

    @Test
    void aFileThatIsNoPictureIsRefusedInWords() {
        long chat = TelegramTestBot.newId();
        int imaginesBefore = submits("/mj/submit/imagine").size();
        t.telegram.sendMedia(UserMedia.document(
                UserText.of(chat, chat, "/imagine like this"), "notes.pdf", "application/pdf", "%PDF-1.4".getBytes()));

        t.telegram.awaitMessages(chat, 1, WAIT);
        assertThat(t.telegram.messages(chat).getFirst().text()).contains("notes.pdf", "PNG, JPEG");
        assertThat(submits("/mj/submit/imagine")).hasSize(imaginesBefore);
    }

    private static String dataUrl(String type, byte[] bytes) {
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static JsonNode submitWithPrompt(String path, String prompt) {
        return submits(path).stream()
                .filter(body -> body.path("prompt").asString().equals(prompt))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + path + " with the prompt " + prompt + " in " + submits(path)));
    }

    private static List<JsonNode> submits(String path) {
        return t.midjourney.submits().stream()
                .filter(s -> s.path().equals(path))
                .map(FakeMidjourneyProxy.Submit::body)
                .toList();
    }

    private static List<SentMessage> awaitPhotos(long chat, int count) {
        await(count + " photos", () -> photos(chat).size() >= count, WAIT);
        return photos(chat);
    }

    private static List<SentMessage> photos(long chat) {
        return t.telegram.messages(chat).stream().filter(SentMessage::photo).toList();
    }
}
