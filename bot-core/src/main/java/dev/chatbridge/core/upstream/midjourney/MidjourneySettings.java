package dev.chatbridge.core.upstream.midjourney;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the Midjourney proxy lives and how to talk to it.
 *
 * @param baseUrl the proxy or gateway root, with or without a trailing {@code /}; the paths carry {@code /mj}
 * @param apiKey sent as {@code Authorization: Bearer} and as {@code mj-api-secret}; blank sends neither
 * @param dialect how buttons are pressed; {@link Dialect#AUTO} finds out on the first press
 * @param requestTimeout for each call, downloads included
 */
public record MidjourneySettings(String baseUrl, String apiKey, Dialect dialect, Duration requestTimeout) {

    /** How a button press reaches the proxy. */
    public enum Dialect {
        /** Try {@code /mj/submit/action}; on HTTP 404 use {@code /mj/submit/change} from then on. */
        AUTO,
        /** {@code /mj/submit/action {taskId, customId}}: new-api and the proxies with buttons. */
        ACTION,
        /** {@code /mj/submit/change {taskId, action, index}}: the open-source novicezk proxy. */
        CHANGE
    }

    public MidjourneySettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        baseUrl = baseUrl.strip();
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
    }

    /** AUTO dialect and a 30 second timeout. */
    public MidjourneySettings(String baseUrl, String apiKey) {
        this(baseUrl, apiKey, Dialect.AUTO, Duration.ofSeconds(30));
    }

    /** The base URL without trailing slashes, ready for {@code + "/mj/..."}. */
    String root() {
        String root = baseUrl;
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root;
    }

    @Override
    public String toString() {
        return "MidjourneySettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "<unset>" : "<redacted>")
                + ", dialect=" + dialect + ", requestTimeout=" + requestTimeout + "]";
    }
}
