package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.ChatFeatures;
import dev.chatbridge.core.vision.VisionSettings;
import dev.chatbridge.testsupport.common.TestImages;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.UserMedia;
import dev.chatbridge.testsupport.telegram.UserText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Photos, image files, albums and replies through the real adapter: the model gets exactly the bytes sent. */
class TelegramVisionIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long CAP = 60_000;
    private static TelegramTestBot t;

    @BeforeAll
    static void startBot() throws Exception {
        t = TelegramTestBot.start(new TelegramTestBot.Options()
                .features(f -> new ChatFeatures(
                        new VisionSettings(CAP, 4, "gpt-4o-vision"),
                        f.images(),
                        f.httpTools(),
                        f.maxToolRounds(),
                        f.imageToolTimeout())));
    }

    @AfterAll
    static void stopBot() throws Exception {
        t.close();
    }

    @Test
    void sendsTheLargestPhotoSizeAsADataUrlWithTheCaptionAsText() {
        long chat = TelegramTestBot.newId();
        byte[] large = sendPhotoInTwoSizes(chat, "what colour is this?", "colour", 96);

        String answer = awaitReply(chat, 1);
        ReceivedChatRequest.Msg question = lastRequest(chat).lastUserMessage();
        assertThat(question.text()).isEqualTo("what colour is this?");
        assertThat(question.imageUrls()).singleElement().asString().startsWith("data:image/jpeg;base64,");
        assertThat(question.imageBytes()).singleElement().isEqualTo(large);
        assertThat(lastRequest(chat).model()).isEqualTo("gpt-4o-vision");
        assertThat(answer).contains("echo: what colour is this?");
        assertThat(t.telegram.downloadedFiles())
                .allSatisfy(path -> assertThat(path).startsWith("photos/"));
    }

    @Test
    void picksTheLargestSizeThatFitsTheCap() {
        long chat = TelegramTestBot.newId();
        byte[] fits = TestImages.jpeg("fits", 64);
        byte[] tooBig = new byte[(int) CAP + 1];
        System.arraycopy(fits, 0, tooBig, 0, fits.length);
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "size?"), fits, tooBig));

        awaitReply(chat, 1);
        assertThat(lastRequest(chat).lastUserMessage().imageBytes())
                .singleElement()
                .isEqualTo(fits);
    }

    @Test
    void aPhotoWithoutCaptionGetsADefaultQuestion() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, ""), TestImages.jpeg("plain", 32)));

        awaitReply(chat, 1);
        assertThat(lastRequest(chat).lastUserMessage().text()).isEqualTo("What is in this picture?");
    }

    @Test
    void imageFilesAreReadAndOtherFilesGetAClearAnswer() {
        long chat = TelegramTestBot.newId();
        byte[] png = TestImages.png("document", 40);
        t.telegram.sendMedia(UserMedia.document(UserText.of(chat, chat, "read this"), "scan.png", "image/png", png));
        awaitReply(chat, 1);
        assertThat(lastRequest(chat).lastUserMessage().imageUrls())
                .singleElement()
                .asString()
                .startsWith("data:image/png;base64,");
        assertThat(lastRequest(chat).lastUserMessage().imageBytes())
                .singleElement()
                .isEqualTo(png);

        int requests = t.gateway.requests().size();
        t.telegram.sendMedia(UserMedia.document(
                UserText.of(chat, chat, "and this?"), "report.pdf", "application/pdf", "%PDF-1.7".getBytes()));
        assertThat(awaitReply(chat, 2)).contains("can't read report.pdf");
        t.telegram.sendMedia(UserMedia.document(
                UserText.of(chat, chat, "and this?"), "fake.png", "image/png", "not really a png".getBytes()));
        assertThat(awaitReply(chat, 3)).contains("can't read fake.png");
        assertThat(t.gateway.requests()).hasSize(requests);

        t.ask(chat, "still there?", 4);
        assertThat(t.telegram.messages(chat).get(3).text()).contains("echo: still there?");
    }

    @Test
    void aPhotoOverTheCapIsRefusedClearlyAndTheNextMessageWorks() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendMedia(
                UserMedia.document(UserText.of(chat, chat, "huge"), "huge.png", "image/png", new byte[(int) CAP + 10]));
        assertThat(awaitReply(chat, 1)).contains("huge.png is too large").contains("0.1 MB");
        t.ask(chat, "hello after", 2);
        assertThat(t.telegram.messages(chat).get(1).text()).contains("echo: hello after");
    }

    @Test
    void anAlbumIsAnsweredOnceWithAllItsPhotos() {
        long chat = TelegramTestBot.newId();
        byte[] first = TestImages.jpeg("album-1", 32);
        byte[] second = TestImages.jpeg("album-2", 32);
        byte[] third = TestImages.jpeg("album-3", 32);
        int before = t.gateway.requests().size();
        t.telegram.sendMedia(
                UserMedia.photo(UserText.of(chat, chat, "compare these"), first).inAlbum("g" + chat));
        t.telegram.sendMedia(
                UserMedia.photo(UserText.of(chat, chat, ""), second).inAlbum("g" + chat));
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, ""), third).inAlbum("g" + chat));

        awaitReply(chat, 1);
        List<ReceivedChatRequest> fromChat =
                t.gateway.requests().subList(before, t.gateway.requests().size());
        assertThat(fromChat).hasSize(1);
        assertThat(fromChat.getFirst().lastUserMessage().imageBytes()).containsExactly(first, second, third);
        assertThat(fromChat.getFirst().lastUserMessage().text()).isEqualTo("compare these");
        assertThat(t.telegram.messages(chat)).hasSize(1);
    }

    @Test
    void inAGroupAnAlbumIsAnsweredWhenItsCaptionMentionsTheBotAndOtherwiseLeftAlone() {
        long group = -TelegramTestBot.newId();
        long user = TelegramTestBot.newId();
        String bot = "@" + FakeTelegramBotApi.DEFAULT_BOT_USERNAME;
        byte[] first = TestImages.jpeg("sharp-1", 24);
        byte[] second = TestImages.jpeg("sharp-2", 24);
        // Holiday photos shared with friends, not for the bot; then an album that asks it.
        t.telegram.sendMedia(UserMedia.photo(inGroup(group, user, "our holiday"), TestImages.jpeg("holiday-1", 24))
                .inAlbum("h" + group));
        t.telegram.sendMedia(UserMedia.photo(inGroup(group, user, ""), TestImages.jpeg("holiday-2", 24))
                .inAlbum("h" + group));
        t.telegram.sendMedia(UserMedia.photo(inGroup(group, user, bot + " which is sharper?"), first)
                .inAlbum("q" + group));
        t.telegram.sendMedia(UserMedia.photo(inGroup(group, user, ""), second).inAlbum("q" + group));

        awaitReply(group, 1);
        assertThat(t.gateway.requests())
                .filteredOn(request -> request.lastUserText().contains("holiday"))
                .isEmpty();
        assertThat(t.gateway.requests())
                .filteredOn(request -> request.lastUserText().equals("which is sharper?"))
                .singleElement()
                .satisfies(request ->
                        assertThat(request.lastUserMessage().imageBytes()).containsExactly(first, second));
        assertThat(t.telegram.messages(group)).hasSize(1);
    }

    @Test
    void forwardedPhotosCountLikeOwnOnes() {
        long chat = TelegramTestBot.newId();
        byte[] photo = TestImages.jpeg("forwarded", 24);
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "who sent this?"), photo)
                .asForwarded());
        awaitReply(chat, 1);
        assertThat(lastRequest(chat).lastUserMessage().imageBytes())
                .singleElement()
                .isEqualTo(photo);
    }

    @Test
    void aReplyToAPhotoCarriesTheImageAndAPhotoReplyingToATextQuotesIt() {
        long chat = TelegramTestBot.newId();
        byte[] photo = TestImages.jpeg("earlier", 24);
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "first look"), photo));
        int photoMessage = t.telegram.lastUserMessageId(chat);
        awaitReply(chat, 1);
        t.telegram.sendText(UserText.of(chat, chat, "what breed is it?").replyingTo(photoMessage));
        awaitReply(chat, 2);
        assertThat(lastRequest(chat).lastUserMessage().imageBytes())
                .singleElement()
                .isEqualTo(photo);

        t.telegram.sendText(chat, chat, "my cat looks like the one below");
        int textMessage = t.telegram.lastUserMessageId(chat);
        awaitReply(chat, 3);
        byte[] cat = TestImages.jpeg("cat", 24);
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "right?").replyingTo(textMessage), cat));
        awaitReply(chat, 4);
        ReceivedChatRequest.Msg question = lastRequest(chat).lastUserMessage();
        assertThat(question.text()).isEqualTo("> my cat looks like the one below\n\nright?");
        assertThat(question.imageBytes()).singleElement().isEqualTo(cat);
    }

    @Test
    void earlierImagesStayInTheContextAsCompactReferences() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "describe it"), TestImages.jpeg("ctx", 64)));
        awaitReply(chat, 1);
        t.ask(chat, "and the background?", 2);

        ReceivedChatRequest followUp = lastRequest(chat);
        assertThat(followUp.model()).isEqualTo("gpt-4o");
        assertThat(followUp.messages())
                .allSatisfy(message -> assertThat(message.imageUrls()).isEmpty());
        String history = followUp.messages().getFirst().text();
        assertThat(history).matches("\\[image: photo\\.jpg, jpeg, \\d+ KB]\\ndescribe it");
        assertThat(followUp.body().toString()).doesNotContain("base64");
    }

    @Test
    void retryShowsTheModelTheSamePhotoAgain() {
        long chat = TelegramTestBot.newId();
        byte[] large = sendPhotoInTwoSizes(chat, "what breed?", "retry", 80);
        awaitReply(chat, 1);
        ReceivedChatRequest first = lastRequest(chat);

        t.telegram.sendText(chat, chat, "/retry");
        awaitReply(chat, 2);
        ReceivedChatRequest again = lastRequest(chat);
        assertThat(again).isNotSameAs(first);
        assertThat(again.model()).isEqualTo("gpt-4o-vision");
        assertThat(again.lastUserMessage().text()).isEqualTo("what breed?");
        assertThat(again.lastUserMessage().imageBytes()).singleElement().isEqualTo(large);
        assertThat(again.messages()).hasSameSizeAs(first.messages()); // the first answer was replaced, not kept

        t.ask(chat, "and its age?", 3);
        assertThat(lastRequest(chat).messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .as("one stored question with its picture as a reference")
                .hasSize(3)
                .first()
                .asString()
                .matches("\\[image: photo\\.jpg, jpeg, \\d+ KB]\\nwhat breed\\?");
    }

    @Test
    void anImageTheUpstreamRefusesGetsAClearMessage() {
        long chat = TelegramTestBot.newId();
        t.gateway.enqueue(Reply.httpError(400, """
                {"error":{"message":"Invalid content type. image_url is only supported by certain models.",\
                "type":"invalid_request_error","code":null}}"""));
        t.telegram.sendMedia(UserMedia.photo(UserText.of(chat, chat, "look"), TestImages.jpeg("refused", 24)));
        assertThat(awaitReply(chat, 1))
                .contains("did not accept the image")
                .contains("only supported by certain models");
        t.ask(chat, "text works?", 2);
        assertThat(t.telegram.messages(chat).get(1).text()).contains("echo: text works?");
    }

    private static ReceivedChatRequest lastRequest(long chat) {
        List<ReceivedChatRequest> requests = t.gateway.requests();
        return requests.getLast();
    }

    private static String awaitReply(long chat, int count) {
        await(
                "reply " + count,
                () -> t.telegram.messages(chat).size() >= count
                        && t.core.activeAnswers().count() == 0,
                WAIT);
        return t.telegram.messages(chat).get(count - 1).text();
    }

    /** Sends a photo as Telegram does, in a small and a large size; returns the large one's bytes. */
    private static byte[] sendPhotoInTwoSizes(long chat, String caption, String name, int largeSize) {
        byte[] large = TestImages.jpeg(name + "-large", largeSize);
        t.telegram.sendMedia(
                UserMedia.photo(UserText.of(chat, chat, caption), TestImages.jpeg(name + "-small", 16), large));
        return large;
    }

    private static UserText inGroup(long group, long user, String text) {
        return UserText.of(group, user, text).withChatType(UserText.ChatType.SUPERGROUP);
    }
}
