package dev.chatbridge.core.upstream.midjourney;

import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyException.Kind;
import dev.chatbridge.core.net.FetchException;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.UrlFetcher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP side of {@link MidjourneyClient}: JSON calls to the proxy with both auth headers, and image downloads that
 * carry the key only to the proxy's own origin. Downloads go through {@link UrlFetcher}: a redirect cannot carry the
 * key to another host, nor lead to loopback, link-local or metadata addresses, and a download is abandoned past its
 * cap. The JSON calls use OkHttp rather than the JDK's client: that one cannot use a SOCKS proxy (it silently
 * connects directly) nor send Basic credentials to an HTTPS proxy, and both go through {@code OPENAI_PROXY} here.
 */
final class MidjourneyHttp {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** An answer of the proxy: status and body text. */
    record Reply(int status, String body) {}

    private final String root;
    private final URI origin;
    private final String apiKey;
    private final Duration timeout;
    private final OkHttpClient http;
    private final UrlFetcher downloads;

    MidjourneyHttp(MidjourneySettings settings, OutboundProxies proxies, UrlFetcher downloads) {
        this.downloads = downloads;
        this.root = settings.root();
        this.origin = URI.create(root + "/");
        this.apiKey = settings.apiKey();
        this.timeout = settings.requestTimeout();
        this.http = proxies.configure(new OkHttpClient.Builder(), OutboundProxies.Target.OPENAI)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .callTimeout(timeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    Reply post(String path, String json) {
        return send(request(path).post(RequestBody.create(json, JSON)).build(), "POST " + path);
    }

    Reply get(String path) {
        return send(request(path).get().build(), "GET " + path);
    }

    /** GETs the image, following up to 5 redirects; the key goes only to the proxy's own scheme, host and port. */
    byte[] download(String imageUrl, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        URI uri = imageUri(imageUrl);
        // The key goes only to the proxy's own origin, and UrlFetcher sends it to no other hop.
        Map<String, String> key = sameOrigin(uri) && !apiKey.isBlank()
                ? Map.of("Authorization", "Bearer " + apiKey, "mj-api-secret", apiKey)
                : Map.of();
        try {
            return downloads
                    .withMaxBytes(Math.max(1, maxBytes))
                    .fetchFromTrustedSource(uri.toString(), key)
                    .body();
        } catch (FetchException.TooLarge e) {
            throw new MidjourneyException(Kind.TOO_LARGE, "the image is larger than " + maxBytes + " bytes");
        } catch (FetchException.Refused e) {
            throw new MidjourneyException(Kind.BAD_RESPONSE, "the image download was refused: " + e.getMessage());
        } catch (FetchException e) {
            throw new MidjourneyException(Kind.HTTP_ERROR, "the image download failed: " + e.getMessage());
        }
    }

    private Request.Builder request(String path) {
        return authorize(new Request.Builder().url(root + path).header("Accept", "application/json"));
    }

    private Request.Builder authorize(Request.Builder builder) {
        if (!apiKey.isBlank()) {
            builder.header("Authorization", "Bearer " + apiKey).header("mj-api-secret", apiKey);
        }
        return builder;
    }

    private Reply send(Request request, String what) {
        try (Response response = http.newCall(request).execute()) {
            return new Reply(response.code(), response.body().string());
        } catch (InterruptedIOException e) {
            throw new MidjourneyException(
                    Kind.UNREACHABLE,
                    "the Midjourney proxy did not answer " + what + " within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new MidjourneyException(
                    Kind.UNREACHABLE,
                    "cannot reach the Midjourney proxy (" + what + "): "
                            + e.getClass().getSimpleName());
        }
    }

    private boolean sameOrigin(URI uri) {
        return scheme(uri).equals(scheme(origin)) && host(uri).equals(host(origin)) && port(uri) == port(origin);
    }

    private static URI imageUri(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new MidjourneyException(Kind.BAD_RESPONSE, "the image URL is not a URL");
        }
        String scheme = scheme(uri);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new MidjourneyException(Kind.BAD_RESPONSE, "the image URL is not an http(s) URL");
        }
        return uri;
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return scheme(uri).equals("https") ? 443 : 80;
    }
}
