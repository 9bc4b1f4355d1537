package dev.chatbridge.core.upstream.openai;

import dev.chatbridge.core.images.GeneratedImage;
import dev.chatbridge.core.images.ImagesApi;
import dev.chatbridge.core.images.ImagesException;
import dev.chatbridge.core.images.ImagesException.Kind;
import dev.chatbridge.core.net.FetchException;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.UrlFetcher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Draws through the gateway's images API. A plain HTTP call rather than Spring AI's image model,
 * because that one knows only the OpenAI route, while g4f serves {@code /v1/images/generate}; with
 * route AUTO the first 404 switches to the other route, and whichever answered is remembered for
 * the life of the process. Results may be {@code b64_json} or a {@code url}, which is downloaded at
 * once through {@link UrlFetcher} as a trusted source, with a size cap (the gateway's key goes
 * only to the gateway's own origin). Calls go through {@code OPENAI_PROXY} or the general proxies, on OkHttp: the
 * JDK's client would ignore a SOCKS proxy and could not send an HTTP proxy's credentials through a tunnel.
 */
public final class ImagesClient implements ImagesApi {

    private static final Logger log = LoggerFactory.getLogger(ImagesClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final ImagesSettings settings;
    private final String v1;
    private final URI origin;
    private final OkHttpClient http;
    private final UrlFetcher downloads;
    private final AtomicReference<ImagesSettings.Route> route;

    /** {@code fetcher} downloads {@code url} results (the general proxies); the API calls use {@code OPENAI_PROXY}'s route. */
    public ImagesClient(ImagesSettings settings, UrlFetcher fetcher, OutboundProxies proxies) {
        this.settings = settings;
        this.downloads = fetcher.withMaxBytes(settings.maxImageBytes());
        this.v1 = GatewayUrl.withV1(settings.baseUrl());
        this.origin = URI.create(v1);
        this.http = proxies.configure(new OkHttpClient.Builder(), OutboundProxies.Target.OPENAI)
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .callTimeout(settings.timeout())
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
        this.route = new AtomicReference<>(
                settings.route() == ImagesSettings.Route.AUTO ? ImagesSettings.Route.GENERATIONS : settings.route());
    }

    /** The route in use now (after detection). */
    public ImagesSettings.Route route() {
        return route.get();
    }

    @Override
    public GeneratedImage generate(String prompt, @Nullable String size) {
        ImagesSettings.Route first = route.get();
        Answer answer = post(first, prompt, size);
        if (answer.status() == 404 && settings.route() == ImagesSettings.Route.AUTO) {
            ImagesSettings.Route other = first == ImagesSettings.Route.GENERATIONS
                    ? ImagesSettings.Route.GENERATE
                    : ImagesSettings.Route.GENERATIONS;
            answer = post(other, prompt, size);
            if (answer.status() != 404) {
                log.info("The gateway serves images at {}; using it from now on", other.path());
                route.set(other);
            }
        }
        if (answer.status() == 404) {
            throw new ImagesException(Kind.NOT_SUPPORTED, "the gateway has no images API");
        }
        return read(answer, prompt);
    }

    private GeneratedImage read(Answer answer, String prompt) {
        JsonNode body = GatewayReplies.parse(answer.body());
        if (answer.status() != 200
                || body == null
                || body.has("error") && !body.path("error").isNull()) {
            String message = GatewayReplies.errorMessage(body, "HTTP " + answer.status());
            Kind kind = answer.status() >= 400
                            && answer.status() < 500
                            && answer.status() != 401
                            && answer.status() != 403
                            && answer.status() != 429
                    ? Kind.REFUSED
                    : Kind.UNAVAILABLE;
            throw new ImagesException(kind, message);
        }
        JsonNode first = body.path("data").path(0);
        String revised = first.path("revised_prompt").isString()
                ? first.path("revised_prompt").asString()
                : null;
        if (first.path("b64_json").isString()
                && !first.path("b64_json").asString().isBlank()) {
            try {
                return new GeneratedImage(
                        Base64.getMimeDecoder().decode(first.path("b64_json").asString()), prompt, revised);
            } catch (IllegalArgumentException e) {
                throw new ImagesException(Kind.UNAVAILABLE, "the gateway's b64_json is not base64");
            }
        }
        if (first.path("url").isString() && !first.path("url").asString().isBlank()) {
            return new GeneratedImage(download(first.path("url").asString()), prompt, revised);
        }
        throw new ImagesException(Kind.UNAVAILABLE, "the gateway's answer holds no image");
    }

    private Answer post(ImagesSettings.Route which, String prompt, @Nullable String size) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.put("prompt", prompt);
        body.put("n", 1);
        String chosenSize = size != null ? size : settings.size();
        if (chosenSize != null) {
            body.put("size", chosenSize);
        }
        Request request = new Request.Builder()
                .url(v1 + which.path())
                .header("Authorization", "Bearer " + apiKey())
                .header("Accept", "application/json")
                .post(RequestBody.create(JSON.writeValueAsString(body), JSON_TYPE))
                .build();
        try (Response response = http.newCall(request).execute()) {
            return new Answer(response.code(), response.body().string());
        } catch (InterruptedIOException e) {
            throw new ImagesException(
                    Kind.UNAVAILABLE,
                    "the images API did not answer within " + settings.timeout().toSeconds() + " s");
        } catch (IOException e) {
            throw new ImagesException(
                    Kind.UNAVAILABLE,
                    "cannot reach the images API: " + e.getClass().getSimpleName());
        }
    }

    /** The gateway's {@code url} result: a trusted source, fetched with the shared timeouts and this client's size cap. */
    private byte[] download(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new ImagesException(Kind.UNAVAILABLE, "the image URL is not a URL");
        }
        // The gateway's key goes only to the gateway's own origin.
        Map<String, String> auth = uri.getHost() != null && uri.getScheme() != null && sameOrigin(uri)
                ? Map.of("Authorization", "Bearer " + apiKey())
                : Map.of();
        byte[] bytes;
        try {
            bytes = downloads.fetchFromTrustedSource(uri.toString(), auth).body();
        } catch (FetchException e) {
            throw new ImagesException(Kind.UNAVAILABLE, "the image download failed: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new ImagesException(Kind.UNAVAILABLE, "the image download was empty");
        }
        return bytes;
    }

    private boolean sameOrigin(URI uri) {
        return uri.getScheme().equalsIgnoreCase(origin.getScheme())
                && uri.getHost().equalsIgnoreCase(origin.getHost())
                && port(uri) == port(origin);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private String apiKey() {
        return settings.apiKey().isBlank() ? "no-key" : settings.apiKey();
    }

    private record Answer(int status, String body) {}
}
