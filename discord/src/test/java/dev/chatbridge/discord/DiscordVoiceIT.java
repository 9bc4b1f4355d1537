package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.discord.PostedMessage;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Voice messages (flag IS_VOICE_MESSAGE, an audio/ogg attachment with duration_secs) and audio attachments through
 * JDA: transcribed through the gateway, the transcript shown, the model asked the transcript. Stickers are answered.
 */
class DiscordVoiceIT {

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
    void aVoiceMessageIsTranscribedShownAndAnswered() {
        String alice = t.discord.user("alice");
        String dm = t.discord.dmChannelOf(alice);
        byte[] ogg = "OggS discord voice".getBytes(StandardCharsets.US_ASCII);
        t.gateway.transcribeAs("How tall is the Eiffel Tower?");
        t.discord.userSendsVoiceMessage(dm, alice, ogg, 3.4);

        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 2, "the transcript and the answer");
        assertThat(t.discord.botMessages(dm))
                .extracting(PostedMessage::content)
                .containsExactly("🎤 How tall is the Eiffel Tower?", "echo: How tall is the Eiffel Tower?");
        FakeOpenAiServer.Transcription sent = t.gateway.transcriptionRequests().getLast();
        assertThat(sent.fileName()).isEqualTo("voice-message.ogg");
        assertThat(sent.fileType()).isEqualTo("audio/ogg");
        assertThat(sent.file()).isEqualTo(ogg);
        assertThat(t.gateway.requests().getLast().lastUserMessage().text()).isEqualTo("How tall is the Eiffel Tower?");
    }

    @Test
    void anAudioAttachmentIsTranscribedWithItsTextAbove() {
        String bob = t.discord.user("bob");
        String dm = t.discord.dmChannelOf(bob);
        byte[] mp3 = "ID3 discord mp3".getBytes(StandardCharsets.US_ASCII);
        t.gateway.transcribeAs("minutes of the meeting");
        t.discord.userDmsWithAttachments(bob, "Summarise this:", Map.of("meeting.mp3", mp3));

        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 2, "the transcript and the answer");
        assertThat(t.gateway.transcriptionRequests().getLast().fileName()).isEqualTo("meeting.mp3");
        assertThat(t.gateway.requests().getLast().lastUserMessage().text())
                .isEqualTo("Summarise this:\n\nminutes of the meeting");
    }

    @Test
    void aVoiceMessageOverTheLengthCapIsRefusedWithoutDownloadingIt() {
        String carol = t.discord.user("carol");
        String dm = t.discord.dmChannelOf(carol);
        int downloads = t.discord.attachmentDownloads();
        int transcriptions = t.gateway.transcriptionRequestPaths().size();
        t.discord.userSendsVoiceMessage(dm, carol, "OggS".getBytes(StandardCharsets.US_ASCII), 601.2);

        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 1, "the refusal");
        assertThat(t.discord.botMessages(dm).getFirst().content()).contains("voice-message.ogg lasts");
        assertThat(t.discord.attachmentDownloads()).isEqualTo(downloads);
        assertThat(t.gateway.transcriptionRequestPaths()).hasSize(transcriptions);
    }

    @Test
    void aStickerInADmGetsAShortReply() {
        String dave = t.discord.user("dave");
        String dm = t.discord.dmChannelOf(dave);
        int requests = t.gateway.requests().size();
        t.discord.userSendsSticker(dm, dave);

        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 1, "the reply");
        assertThat(t.discord.botMessages(dm).getFirst().content()).contains("can't read this kind of message");
        assertThat(t.gateway.requests()).hasSize(requests);
    }
}
