package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The general proxy variables are also read in lower case, as curl and most tools read them. */
class ProxyPropertiesTest {

    @Test
    void lowerCaseVariablesFillInWhereTheUpperCaseOnesAreUnset() {
        var proxy = new ChatBridgeProperties.Proxy("", "http://upper:3128", "", "", "", "", "");

        var settings = proxy.settings(Map.of(
                "https_proxy", "http://lower:3128",
                "http_proxy", "http://ignored:3128",
                "all_proxy", "socks5://lower:1080",
                "no_proxy", "localhost,.internal"));

        assertThat(settings.httpsProxy()).isEqualTo("http://lower:3128");
        assertThat(settings.httpProxy()).as("the upper-case variable wins").isEqualTo("http://upper:3128");
        assertThat(settings.allProxy()).isEqualTo("socks5://lower:1080");
        assertThat(settings.noProxy()).isEqualTo("localhost,.internal");
    }
}
