package dev.chatbridge.core.upstream.openai;

/**
 * Operators write the gateway address either as {@code https://host} or {@code https://host/v1};
 * Spring AI 2.0 (and the OpenAI SDK under it) wants the {@code /v1} form.
 */
public final class GatewayUrl {

    private GatewayUrl() {}

    public static String withV1(String baseUrl) {
        String trimmed = baseUrl.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.endsWith("/v1") ? trimmed : trimmed + "/v1";
    }
}
