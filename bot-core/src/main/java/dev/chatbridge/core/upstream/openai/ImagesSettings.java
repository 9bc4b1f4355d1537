package dev.chatbridge.core.upstream.openai;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's images API. {@code route} picks the path: the OpenAI one ({@code
 * /v1/images/generations}: OpenAI, new-api, one-api), g4f's ({@code /v1/images/generate}), or AUTO,
 * which tries the OpenAI route and switches for good after a 404. The key is never printed.
 */
public record ImagesSettings(
        String baseUrl,
        String apiKey,
        Route route,
        String model,
        @Nullable String size,
        Duration timeout,
        long maxImageBytes) {

    public enum Route {
        AUTO,
        GENERATIONS,
        GENERATE;

        String path() {
            return this == GENERATE ? "/images/generate" : "/images/generations";
        }
    }

    public ImagesSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(model, "model");
        size = size == null || size.isBlank() ? null : size.strip();
    }

    @Override
    public String toString() {
        return "ImagesSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "<unset>" : "<redacted>")
                + ", route=" + route + ", model=" + model + ", size=" + size + ", timeout=" + timeout + "]";
    }
}
