package dev.chatbridge.core.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * What a chat allows: the longest text one message may hold, the smallest safe spacing between
 * two calls that change messages in that chat, whether native drafts can stream into it, and
 * which markup it shows.
 */
public record ChannelLimits(int maxTextLength, Duration minCallInterval, boolean drafts, Markup markup) {

    /** How a platform shows the model's Markdown. */
    public enum Markup {
        /**
         * The adapter renders Markdown into the platform's own markup, which the platform may reject
         * (Telegram HTML); half-written text therefore goes out plain while it streams.
         */
        RENDERED,
        /**
         * The platform renders Markdown itself and tolerates it half-written (Discord): text goes out
         * as the model wrote it, while streaming too.
         */
        NATIVE_MARKDOWN
    }

    public ChannelLimits {
        Objects.requireNonNull(markup, "markup");
        if (maxTextLength < 100) {
            throw new IllegalArgumentException("maxTextLength too small: " + maxTextLength);
        }
        if (minCallInterval.isNegative()) {
            throw new IllegalArgumentException("minCallInterval must not be negative");
        }
    }

    public ChannelLimits(int maxTextLength, Duration minCallInterval, boolean drafts) {
        this(maxTextLength, minCallInterval, drafts, Markup.RENDERED);
    }
}
