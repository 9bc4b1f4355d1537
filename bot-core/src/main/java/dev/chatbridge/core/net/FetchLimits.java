package dev.chatbridge.core.net;

import java.time.Duration;

/** Caps for every download: size, time to connect, time between bytes, time in all, and redirects. */
public record FetchLimits(
        long maxBytes, Duration connectTimeout, Duration readTimeout, Duration totalTimeout, int maxRedirects) {

    public FetchLimits {
        if (maxBytes <= 0 || maxRedirects < 0) {
            throw new IllegalArgumentException("maxBytes must be positive and maxRedirects not negative");
        }
    }

    public FetchLimits withMaxBytes(long bytes) {
        return new FetchLimits(bytes, connectTimeout, readTimeout, totalTimeout, maxRedirects);
    }

    public static FetchLimits defaults(long maxBytes) {
        return new FetchLimits(maxBytes, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), 5);
    }
}
