package dev.chatbridge.core.upstream.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayUrlTest {

    @ParameterizedTest
    @CsvSource({
        "https://api.openai.com, https://api.openai.com/v1",
        "https://api.openai.com/, https://api.openai.com/v1",
        "https://gw.example/v1, https://gw.example/v1",
        "https://gw.example/v1/, https://gw.example/v1",
        "http://127.0.0.1:3000/openai, http://127.0.0.1:3000/openai/v1"
    })
    void acceptsRootsWithAndWithoutV1(String configured, String expected) {
        assertThat(GatewayUrl.withV1(configured)).isEqualTo(expected);
    }
}
