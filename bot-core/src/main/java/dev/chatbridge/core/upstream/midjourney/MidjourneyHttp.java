package dev.chatbridge.core.upstream.midjourney;

import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyException.Kind;
import dev.chatbridge.core.net.FetchException;
import dev.chatbridge.core.net.UrlFetcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP side of {@link MidjourneyClient}: JSON calls to the proxy with both auth headers, and image downloads that
 * carry the key only to the proxy's own origin. Downloads go through {@link UrlFetcher}: a redirect cannot carry the
 * key to another host, and cannot lead to loopback, link-local or metadata addresses.
 */
final class MidjourneyHttp {

    /** An answer of the proxy: status and body text. */
    record Reply(int status, String body) {}

    private final String root;
    private final URI origin;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;
    private final UrlFetcher downloads;

    MidjourneyHttp(MidjourneySettings settings, UrlFetcher downloads) {
        this.downloads = downloads;
        this.root = settings.root();
        this.origin = URI.create(root + "/");
        this.apiKey = settings.apiKey();
        this.timeout = settings.requestTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Reply post(String path, String json) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build(),
                "POST " + path);
    }

    Reply get(String path) {
        return send(request(path).GET().build(), "GET " + path);
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

    private HttpRequest.Builder request(String path) {
        return authorize(
                HttpRequest.newBuilder(URI.create(root + path)).timeout(timeout).header("Accept", "application/json"));
    }

    private HttpRequest.Builder authorize(HttpRequest.Builder builder) {
        if (!apiKey.isBlank()) {
            builder.header("Authorization", "Bearer " + apiKey).header("mj-api-secret", apiKey);
        }
        return builder;
    }

    private Reply send(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            throw new MidjourneyException(
                    Kind.UNREACHABLE,
                    "the Midjourney proxy did not answer " + what + " within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new MidjourneyException(
                    Kind.UNREACHABLE,
                    "cannot reach the Midjourney proxy (" + what + "): "
                            + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MidjourneyException(Kind.UNREACHABLE, "interrupted during " + what);
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
