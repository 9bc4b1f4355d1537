package dev.chatbridge.testsupport.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.common.Json;
import org.junit.jupiter.api.Test;

/** The fake Discord refuses buttons the real one refuses: a link button has a url and no custom_id, others no url. */
class MessageLimitsTest {

    @Test
    void acceptsALinkButtonWithAnHttpsUrlAndNoCustomId() {
        assertThat(MessageLimits.violations(
                        row("{\"type\":2,\"style\":5,\"label\":\"Open\",\"url\":\"https://a.example/x\"}")))
                .isEmpty();
    }

    @Test
    void refusesALinkButtonWithACustomIdOrWithoutAUsableUrl() {
        assertThat(
                        MessageLimits.violations(
                                row(
                                        "{\"type\":2,\"style\":5,\"label\":\"Open\",\"url\":\"https://a.example\",\"custom_id\":\"x\"}")))
                .containsExactly(
                        "components.0.components.0.custom_id: A custom id cannot be set for this button style.");
        assertThat(MessageLimits.violations(row("{\"type\":2,\"style\":5,\"label\":\"Open\"}")))
                .containsExactly("components.0.components.0.url: Must be between 1 and 512 in length.");
        assertThat(MessageLimits.violations(
                        row("{\"type\":2,\"style\":5,\"label\":\"Open\",\"url\":\"ftp://a.example\"}")))
                .containsExactly("components.0.components.0.url: Scheme must be one of ('http', 'https').");
    }

    @Test
    void refusesAUrlOnAButtonThatSendsAnInteraction() {
        assertThat(
                        MessageLimits.violations(
                                row(
                                        "{\"type\":2,\"style\":2,\"label\":\"U1\",\"custom_id\":\"mj:1\",\"url\":\"https://a.example\"}")))
                .containsExactly("components.0.components.0.url: A url cannot be set for this button style.");
    }

    private static tools.jackson.databind.JsonNode row(String button) {
        return Json.parse("{\"components\":[{\"type\":1,\"components\":[" + button + "]}]}");
    }
}
