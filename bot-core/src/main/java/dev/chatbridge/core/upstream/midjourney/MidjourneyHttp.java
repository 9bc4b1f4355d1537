package dev.chatbridge.core.upstream.midjourney;

import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyException.Kind;
import dev.chatbridge.core.net.OutboundProxies;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The HTTP side of {@link MidjourneyClient}: JSON calls to the proxy with both auth headers, and image downloads that
 * carry the key only to the proxy's own origin. Redirects are never followed blindly, so a redirect cannot carry the
 * key to another host either. OkHttp rather than the JDK's client: that one cannot use a SOCKS proxy (it silently
 * connects directly) nor send Basic credentials to an HTTPS proxy, and both go through {@code OPENAI_PROXY} here.
 * A download is read up to its cap and abandoned past it, so a huge image is never held in memory.
 */
final class MidjourneyHttp {

    private static final int MAX_REDIRECTS = 5;
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** An answer of the proxy: status and body text. */
    record Reply(int status, String body) {}

    private final String root;
    private final URI origin;
    private final String apiKey;
    private final Duration timeout;
    private final OkHttpClient http;

    MidjourneyHttp(MidjourneySettings settings, OutboundProxies proxies) {
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
        String what = "image download from " + uri.getHost();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Request.Builder builder = new Request.Builder().url(uri.toString()).get();
            if (sameOrigin(uri)) {
                authorize(builder);
            }
            try (Response response = http.newCall(builder.build()).execute()) {
                int status = response.code();
                String location = response.header("Location");
                if (status / 100 == 3 && location != null) {
                    uri = imageUri(uri.resolve(location).toString());
                    continue;
                }
                if (status != 200) {
                    throw new MidjourneyException(
                            Kind.HTTP_ERROR, "the image download from " + uri.getHost() + " answered HTTP " + status);
                }
                return readCapped(response.body(), maxBytes);
            } catch (InterruptedIOException e) {
                throw new MidjourneyException(
                        Kind.UNREACHABLE, "the " + what + " took longer than " + timeout.toSeconds() + " s");
            } catch (IOException e) {
                throw new MidjourneyException(
                        Kind.UNREACHABLE,
                        "the " + what + " failed (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new MidjourneyException(
                Kind.HTTP_ERROR, "the image download redirected more than " + MAX_REDIRECTS + " times");
    }

    private static byte[] readCapped(ResponseBody body, long maxBytes) throws IOException {
        if (body.contentLength() > maxBytes) {
            throw tooLarge(maxBytes, " (" + body.contentLength() + " bytes)");
        }
        BufferedSource source = body.source();
        Buffer collected = new Buffer();
        while (collected.size() <= maxBytes) {
            if (source.read(collected, 8192) == -1) {
                return collected.readByteArray();
            }
        }
        throw tooLarge(maxBytes, "");
    }

    private static MidjourneyException tooLarge(long maxBytes, String size) {
        return new MidjourneyException(Kind.TOO_LARGE, "the image is larger than " + maxBytes + " bytes" + size);
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
