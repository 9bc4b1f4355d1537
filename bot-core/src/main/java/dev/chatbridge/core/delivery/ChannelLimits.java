package dev.chatbridge.core.delivery;

import java.time.Duration;

/**
 * What a chat allows: the longest text one message may hold, the smallest safe spacing between
 * two calls that change messages in that chat, and whether native drafts can stream into it.
 */
public record ChannelLimits(int maxTextLength, Duration minCallInterval, boolean drafts) {

    public ChannelLimits {
        if (maxTextLength < 100) {
            throw new IllegalArgumentException("maxTextLength too small: " + maxTextLength);
        }
        if (minCallInterval.isNegative()) {
            throw new IllegalArgumentException("minCallInterval must not be negative");
        }
    }
}
