package dev.chatbridge.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.net.OutboundProxies.Settings;
import dev.chatbridge.core.net.OutboundProxies.Target;
import java.net.Proxy;
import java.net.URI;
import org.junit.jupiter.api.Test;

class OutboundProxiesTest {

    private static Settings general(String https, String http, String all, String noProxy) {
        return new Settings(https, http, all, noProxy, "", "", "");
    }

    private static String route(OutboundProxies proxies, Target target, String url) {
        return proxies.route(target, URI.create(url))
                .map(ProxyAddress::toString)
                .orElse("direct");
    }

    @Test
    void picksTheProxyByTheTargetsSchemeAndFallsBackToAllProxy() {
        OutboundProxies proxies = OutboundProxies.of(general("http://secure:3128", "", "socks5://everything:1080", ""));

        assertThat(route(proxies, Target.GENERAL, "https://example.com/a")).isEqualTo("http://secure:3128");
        assertThat(route(proxies, Target.DISCORD, "wss://gateway.discord.gg")).isEqualTo("http://secure:3128");
        assertThat(route(proxies, Target.GENERAL, "http://example.com/a")).isEqualTo("socks5://everything:1080");
        assertThat(route(proxies, Target.TELEGRAM, "ws://example.com")).isEqualTo("socks5://everything:1080");
    }

    @Test
    void noProxyMatchesHostsSubdomainsPortsAndStar() {
        OutboundProxies proxies = OutboundProxies.of(general(
                "http://p:3128", "http://p:3128", "", "localhost, .svc.cluster.local,*.corp.example,10.0.0.5:8080"));

        assertThat(route(proxies, Target.GENERAL, "http://localhost:9000")).isEqualTo("direct");
        assertThat(route(proxies, Target.GENERAL, "http://redis.default.svc.cluster.local"))
                .isEqualTo("direct");
        assertThat(route(proxies, Target.GENERAL, "https://a.b.corp.example")).isEqualTo("direct");
        assertThat(route(proxies, Target.GENERAL, "https://corp.example")).isEqualTo("direct");
        assertThat(route(proxies, Target.GENERAL, "http://10.0.0.5:8080/x")).isEqualTo("direct");
        assertThat(route(proxies, Target.GENERAL, "http://10.0.0.5:9090/x")).isEqualTo("http://p:3128");
        assertThat(route(proxies, Target.GENERAL, "https://notcorp.example")).isEqualTo("http://p:3128");
        assertThat(route(proxies, Target.GENERAL, "https://api.telegram.org")).isEqualTo("http://p:3128");

        OutboundProxies none = OutboundProxies.of(general("http://p:3128", "", "", "*"));
        assertThat(route(none, Target.GENERAL, "https://api.telegram.org")).isEqualTo("direct");
    }

    @Test
    void aPerTargetProxyReplacesTheGeneralOnesAndNoProxyForItsTargetOnly() {
        OutboundProxies proxies = OutboundProxies.of(new Settings(
                "http://general:3128", "", "", "api.openai.com", "socks5://tg:1080", "", "http://gw:8080"));

        assertThat(route(proxies, Target.TELEGRAM, "https://api.telegram.org")).isEqualTo("socks5://tg:1080");
        assertThat(route(proxies, Target.TELEGRAM, "http://files.example")).isEqualTo("socks5://tg:1080");
        assertThat(route(proxies, Target.OPENAI, "https://api.openai.com/v1")).isEqualTo("http://gw:8080");
        assertThat(route(proxies, Target.DISCORD, "https://discord.com/api/v10"))
                .isEqualTo("http://general:3128");
        assertThat(route(proxies, Target.GENERAL, "https://api.openai.com/v1")).isEqualTo("direct");
        assertThat(proxies.proxy(Target.GENERAL, URI.create("https://api.openai.com")))
                .isEqualTo(Proxy.NO_PROXY);
        assertThat(proxies.selector(Target.TELEGRAM).select(URI.create("https://api.telegram.org")))
                .extracting(Proxy::type)
                .containsExactly(Proxy.Type.SOCKS);
    }

    @Test
    void readsCredentialsSchemesAndDefaultPorts() {
        ProxyAddress http = ProxyAddress.parse("http://alice:p%40ss:word@proxy.example:8080");
        assertThat(http.kind()).isEqualTo(ProxyAddress.Kind.HTTP);
        assertThat(http.user()).isEqualTo("alice");
        assertThat(http.password()).isEqualTo("p@ss:word");
        assertThat(ProxyAddress.parse("proxy.example:3128"))
                .isEqualTo(new ProxyAddress(ProxyAddress.Kind.HTTP, "proxy.example", 3128, null, null));
        assertThat(ProxyAddress.parse("socks5h://s.example").port()).isEqualTo(1080);
        assertThat(ProxyAddress.parse("http://p.example").port()).isEqualTo(80);
    }

    @Test
    void neverShowsAPasswordInTextOrErrors() {
        Settings settings =
                new Settings("http://alice:hunter2@p:3128", "", "", "", "socks5://bob:swordfish@s:1080", "", "");
        assertThat(settings.toString()).doesNotContain("hunter2", "swordfish");
        assertThat(OutboundProxies.of(settings).toString()).doesNotContain("hunter2", "swordfish");
        assertThat(ProxyAddress.parse("http://alice:hunter2@p:3128").toString())
                .isEqualTo("http://alice:<redacted>@p:3128");

        assertThatThrownBy(() -> OutboundProxies.of(general("https://alice:hunter2@p:3128", "", "", "")))
                .hasMessageContaining("HTTPS_PROXY")
                .hasMessageContaining("https:// is not supported")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> OutboundProxies.of(general("", "", "http://alice:hunter2@:3128", "")))
                .hasMessageContaining("ALL_PROXY")
                .hasMessageNotContaining("hunter2");
    }
}
