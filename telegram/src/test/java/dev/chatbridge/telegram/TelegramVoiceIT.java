package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Voice notes, audio files and round video notes through the real adapter: the file Telegram serves goes to the
 * gateway's transcription route, the transcript is shown, and the model is asked the transcript. Messages the bot
 * cannot read are answered in private chats and left alone in groups.
 */
class TelegramVoiceIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TelegramTestBot t = TelegramTestBot.forTheClass();

    @Test
    void aVoiceNoteIsTranscribedShownAndAnsweredAsText() {
        long chat = TelegramTestBot.newId();
        byte[] ogg = ogg("capital of France");
        t.gateway.transcribeAs("What is the capital of France?");
        t.telegram.sendVoice(UserText.of(chat, chat, ""), ogg, 4);

        awaitReplies(chat, 2);
        assertThat(t.telegram.messages(chat).get(0).text()).isEqualTo("🎤 What is the capital of France?");
        assertThat(t.telegram.messages(chat).get(1).text()).contains("echo: What is the capital of France?");
        FakeOpenAiServer.Transcription sent = t.gateway.transcriptionRequests().getLast();
        assertThat(sent.model()).isEqualTo("whisper-1");
        assertThat(sent.fileName()).isEqualTo("voice.ogg");
        assertThat(sent.fileType()).isEqualTo("audio/ogg");
        assertThat(sent.file()).isEqualTo(ogg);
        assertThat(t.lastRequestFrom("What is the capital of France?").model()).isEqualTo("gpt-4o");
        assertThat(t.telegram.downloadedFiles().getLast()).startsWith("voice/");
    }

    @Test
    void aCaptionStaysAboveTheTranscript() {
        long chat = TelegramTestBot.newId();
        t.gateway.transcribeAs("good morning everyone");
        t.telegram.sendVoice(UserText.of(chat, chat, "Translate into French:"), ogg("morning"), 3);

        awaitReplies(chat, 2);
        assertThat(t.telegram.messages(chat).get(0).text()).isEqualTo("🎤 good morning everyone");
        t.lastRequestFrom("Translate into French:\n\ngood morning everyone");
    }

    @Test
    void audioFilesAndRoundVideoNotesAreTranscribedToo() {
        long chat = TelegramTestBot.newId();
        byte[] mp3 = "ID3 fake mp3".getBytes(StandardCharsets.US_ASCII);
        t.gateway.transcribeAs("a song about rain");
        t.telegram.sendAudio(UserText.of(chat, chat, ""), "rain.mp3", "audio/mpeg", mp3, 95);
        awaitReplies(chat, 2);
        FakeOpenAiServer.Transcription audio = t.gateway.transcriptionRequests().getLast();
        assertThat(audio.fileName()).isEqualTo("rain.mp3");
        assertThat(audio.file()).isEqualTo(mp3);

        byte[] mp4 = "....ftypisom fake".getBytes(StandardCharsets.US_ASCII);
        t.gateway.transcribeAs("hello from a circle");
        t.telegram.sendVideoNote(UserText.of(chat, chat, ""), mp4, 12);
        awaitReplies(chat, 4);
        FakeOpenAiServer.Transcription note = t.gateway.transcriptionRequests().getLast();
        assertThat(note.fileName()).isEqualTo("video_note.mp4");
        assertThat(note.file()).isEqualTo(mp4);
        assertThat(t.telegram.messages(chat).get(3).text()).contains("echo: hello from a circle");
    }

    @Test
    void recordingsOverTheCapsAreRefusedBeforeAnythingIsDownloadedOrSent() {
        long chat = TelegramTestBot.newId();
        int transcriptions = t.gateway.transcriptionRequestPaths().size();
        int chats = t.gateway.requests().size();
        int downloads = t.telegram.downloadedFiles().size();

        t.telegram.sendVoice(UserText.of(chat, chat, ""), ogg("long"), 11 * 60);
        assertThat(awaitReplies(chat, 1)).contains("voice.ogg lasts 11 min").contains("up to 10 min");
        t.telegram.sendVoice(UserText.of(chat, chat, ""), ogg("large"), 30, 26L * 1024 * 1024);
        assertThat(awaitReplies(chat, 2)).contains("voice.ogg is too large").contains("25 MB");

        assertThat(t.gateway.transcriptionRequestPaths()).hasSize(transcriptions);
        assertThat(t.gateway.requests()).hasSize(chats);
        assertThat(t.telegram.downloadedFiles()).hasSize(downloads);
        t.ask(chat, "text still works", 3);
        assertThat(t.telegram.messages(chat).get(2).text()).contains("echo: text still works");
    }

    @Test
    void aGatewayWithoutTranscriptionsGetsAClearMessageAndIsNotAskedAgain() throws Exception {
        try (TelegramTestBot own = TelegramTestBot.start()) {
            own.gateway.noTranscriptionApi();
            long chat = TelegramTestBot.newId();
            own.telegram.sendVoice(UserText.of(chat, chat, ""), ogg("first"), 2);
            awaitReplies(own, chat, 1);
            own.telegram.sendVoice(UserText.of(chat, chat, ""), ogg("second"), 2);
            awaitReplies(own, chat, 2);

            assertThat(own.telegram.messages(chat))
                    .extracting(SentMessage::text)
                    .allSatisfy(text -> assertThat(text).contains("cannot transcribe voice messages"));
            assertThat(own.gateway.transcriptionRequestPaths()).containsExactly("/v1/audio/transcriptions");
            assertThat(own.gateway.requests()).isEmpty();
        }
    }

    @Test
    void stickersAndLocationsInPrivateGetAShortReply() {
        long chat = TelegramTestBot.newId();
        int chats = t.gateway.requests().size();
        t.telegram.sendSticker(UserText.of(chat, chat, ""));
        assertThat(awaitReplies(chat, 1)).contains("can't read this kind of message");
        t.telegram.sendLocation(UserText.of(chat, chat, ""), 48.8584, 2.2945);
        assertThat(awaitReplies(chat, 2)).contains("can't read this kind of message");
        assertThat(t.gateway.requests()).hasSize(chats);
    }

    @Test
    void aStickerInAGroupThatIsNotAddressedToTheBotGetsNothing() {
        long group = -TelegramTestBot.newId();
        long user = TelegramTestBot.newId();
        t.telegram.sendSticker(inGroup(group, user, ""));
        // A later addressed message is answered; had the sticker been answered, its reply would come first.
        t.telegram.sendText(inGroup(group, user, "@" + FakeTelegramBotApi.DEFAULT_BOT_USERNAME + " ping"));

        awaitReplies(group, 1);
        assertThat(t.telegram.messages(group))
                .singleElement()
                .satisfies(message -> assertThat(message.text()).contains("echo: ping"));
    }

    private static UserText inGroup(long group, long user, String text) {
        return UserText.of(group, user, text).withChatType(UserText.ChatType.SUPERGROUP);
    }

    /** A little Ogg-looking payload; the fake gateway checks the name's extension, as OpenAI does. */
    private static byte[] ogg(String label) {
        return ("OggS fake opus " + label).getBytes(StandardCharsets.US_ASCII);
    }

    private static String awaitReplies(long chat, int count) {
        return awaitReplies(t, chat, count);
    }

    private static String awaitReplies(TelegramTestBot bot, long chat, int count) {
        await(
                "reply " + count,
                () -> bot.telegram.messages(chat).size() >= count
                        && bot.core.activeAnswers().count() == 0,
                WAIT);
        return bot.telegram.messages(chat).get(count - 1).text();
    }
}
