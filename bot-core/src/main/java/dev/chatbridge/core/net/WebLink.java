package dev.chatbridge.core.net;

import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * An http(s) link as users write them, parsed the lenient way browsers do (OkHttp's parser), so
 * that features can look at a link without an HTTP client of their own.
 */
public final class WebLink {

    private final HttpUrl url;

    private WebLink(HttpUrl url) {
        this.url = url;
    }

    /** The link, or empty when it is no http(s) URL. */
    public static Optional<WebLink> parse(String text) {
        return Optional.ofNullable(HttpUrl.parse(text)).map(WebLink::new);
    }

    public String host() {
        return url.host();
    }

    /** The last path segment, decoded; empty for a link to a directory. */
    public String fileName() {
        return url.pathSegments().getLast();
    }

    /** The path as written, percent-encoding kept. */
    public String encodedPath() {
        return url.encodedPath();
    }

    /** Whether a user name or password is written into the link. */
    public boolean hasCredentials() {
        return !url.username().isEmpty() || !url.password().isEmpty();
    }
}
