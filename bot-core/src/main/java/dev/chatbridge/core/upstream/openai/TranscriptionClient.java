package dev.chatbridge.core.upstream.openai;

import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.voice.Transcriber;
import dev.chatbridge.core.voice.TranscriptionException;
import dev.chatbridge.core.voice.TranscriptionException.Kind;
import dev.chatbridge.core.voice.VoiceSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Transcribes through the gateway's {@code POST /v1/audio/transcriptions} (multipart {@code file} and
 * {@code model}, answer {@code {"text": ...}}). A gateway that answers 404 has no such route: that is
 * remembered for the life of the process, so later voice notes are told so at once instead of being
 * uploaded again. Calls go through {@code OPENAI_PROXY} or the general proxies, on OkHttp, like
 * {@link ImagesClient}.
 */
public final class TranscriptionClient implements Transcriber {

    private static final Logger log = LoggerFactory.getLogger(TranscriptionClient.class);
    static final String PATH = "/audio/transcriptions";

    private final String v1;
    private final String apiKey;
    private final VoiceSettings settings;
    private final OkHttpClient http;
    private final AtomicBoolean routeMissing = new AtomicBoolean();

    public TranscriptionClient(String baseUrl, String apiKey, VoiceSettings settings, OutboundProxies proxies) {
        this.v1 = GatewayUrl.withV1(baseUrl);
        this.apiKey = apiKey.isBlank() ? "no-key" : apiKey;
        this.settings = settings;
        this.http = proxies.configure(new OkHttpClient.Builder(), OutboundProxies.Target.OPENAI)
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .writeTimeout(settings.timeout())
                .callTimeout(settings.timeout())
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    @Override
    public String transcribe(byte[] audio, String fileName, @Nullable String mimeType) {
        if (routeMissing.get()) {
            throw new TranscriptionException(Kind.NOT_SUPPORTED, "the gateway has no transcription API");
        }
        MediaType type = mimeType == null ? null : MediaType.parse(mimeType);
        RequestBody body = new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart(
                        "file",
                        fileName,
                        RequestBody.create(audio, type != null ? type : MediaType.get("application/octet-stream")))
                .addFormDataPart("model", settings.model())
                .addFormDataPart("response_format", "json")
                .build();
        Request request = new Request.Builder()
                .url(v1 + PATH)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .post(body)
                .build();
        int status;
        String text;
        try (Response response = http.newCall(request).execute()) {
            status = response.code();
            text = response.body().string();
        } catch (InterruptedIOException e) {
            throw new TranscriptionException(
                    Kind.UNAVAILABLE,
                    "the transcription API did not answer within "
                            + settings.timeout().toSeconds() + " s");
        } catch (IOException e) {
            throw new TranscriptionException(
                    Kind.UNAVAILABLE,
                    "cannot reach the transcription API: " + e.getClass().getSimpleName());
        }
        if (status == 404) {
            if (!routeMissing.getAndSet(true)) {
                log.warn("The gateway has no {}: voice messages cannot be transcribed", PATH);
            }
            throw new TranscriptionException(Kind.NOT_SUPPORTED, "the gateway has no transcription API");
        }
        JsonNode json = GatewayReplies.parse(text);
        if (status != 200 || json == null || !json.path("text").isString()) {
            boolean refused = status >= 400 && status < 500 && status != 401 && status != 403 && status != 429;
            throw new TranscriptionException(
                    refused ? Kind.REFUSED : Kind.UNAVAILABLE,
                    GatewayReplies.errorMessage(json, status == 200 ? "the answer holds no text" : "HTTP " + status));
        }
        return json.path("text").asString();
    }
}
