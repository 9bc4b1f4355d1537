package dev.chatbridge.core.upstream.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.voice.TranscriptionException;
import dev.chatbridge.core.voice.VoiceSettings;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The transcription client against the fake gateway, which reads the multipart form as OpenAI does. */
class TranscriptionClientIT {

    private static final VoiceSettings SETTINGS = new VoiceSettings(
            "whisper-1", VoiceSettings.OPENAI_MAX_BYTES, Duration.ofMinutes(10), Duration.ofSeconds(10));

    @Test
    void sendsTheFileAndModelAsAMultipartFormAndReadsTheText() {
        try (FakeOpenAiServer gateway = new FakeOpenAiServer("sk-t").transcribeAs("what is the weather")) {
            // The base URL may carry /v1 already; the route must not double it.
            TranscriptionClient client =
                    new TranscriptionClient(gateway.baseUrl() + "/v1", "sk-t", SETTINGS, OutboundProxies.direct());
            byte[] audio = {'O', 'g', 'g', 'S', 0, 1, 2};

            assertThat(client.transcribe(audio, "voice.ogg", "audio/ogg")).isEqualTo("what is the weather");

            FakeOpenAiServer.Transcription request =
                    gateway.transcriptionRequests().getFirst();
            assertThat(request.model()).isEqualTo("whisper-1");
            assertThat(request.fileName()).isEqualTo("voice.ogg");
            assertThat(request.fileType()).isEqualTo("audio/ogg");
            assertThat(request.file()).isEqualTo(audio);
        }
    }

    @Test
    void aGatewayWithoutTheRouteIsRememberedAndNotAskedAgain() {
        try (FakeOpenAiServer gateway = new FakeOpenAiServer("sk-t").noTranscriptionApi()) {
            TranscriptionClient client =
                    new TranscriptionClient(gateway.baseUrl(), "sk-t", SETTINGS, OutboundProxies.direct());

            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> client.transcribe(new byte[] {1}, "voice.ogg", "audio/ogg"))
                        .isInstanceOfSatisfying(
                                TranscriptionException.class,
                                e -> assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.NOT_SUPPORTED));
            }
            assertThat(gateway.transcriptionRequestPaths()).containsExactly("/v1/audio/transcriptions");
        }
    }

    @Test
    void theGatewaysRefusalIsPassedOnWithItsMessage() {
        try (FakeOpenAiServer gateway = new FakeOpenAiServer("sk-t")) {
            TranscriptionClient client = new TranscriptionClient(
                    gateway.baseUrl(),
                    "sk-t",
                    new VoiceSettings("no-such-model", 1024, Duration.ofMinutes(1), Duration.ofSeconds(10)),
                    OutboundProxies.direct());

            assertThatThrownBy(() -> client.transcribe(new byte[] {1}, "voice.ogg", "audio/ogg"))
                    .isInstanceOfSatisfying(TranscriptionException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.REFUSED);
                        assertThat(e.getMessage()).contains("no-such-model");
                    });
            assertThat(gateway.transcriptionRequests()).isEmpty();
        }
    }
}
