package dev.chatbridge.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.chat.ChatRequest;
import dev.chatbridge.core.chat.UpstreamEvent;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.images.GeneratedImage;
import dev.chatbridge.core.imagine.SubmitResult;
import dev.chatbridge.core.net.OutboundProxies.Settings;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.tools.ToolCaller;
import dev.chatbridge.core.tools.ToolOutput;
import dev.chatbridge.core.upstream.http.HttpTool;
import dev.chatbridge.core.upstream.http.HttpToolSettings;
import dev.chatbridge.core.upstream.midjourney.MidjourneyClient;
import dev.chatbridge.core.upstream.midjourney.MidjourneySettings;
import dev.chatbridge.core.upstream.openai.GatewayModels;
import dev.chatbridge.core.upstream.openai.ImagesClient;
import dev.chatbridge.core.upstream.openai.ImagesSettings;
import dev.chatbridge.core.upstream.openai.SpringAiChatUpstream;
import dev.chatbridge.core.upstream.openai.TranscriptionClient;
import dev.chatbridge.core.voice.VoiceSettings;
import dev.chatbridge.testsupport.common.HttpConnectProxy;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import dev.chatbridge.testsupport.common.Socks5Proxy;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.openai.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every bot-core client through real HTTP CONNECT and SOCKS5 proxies. The fakes answer under names that do not
 * resolve on this machine ({@code *.test}); only the proxies know them, so a client that bypassed its proxy could
 * not reach them at all.
 */
class OutboundProxiesIT {

    private static final byte[] PICTURE = "picture".getBytes(StandardCharsets.UTF_8);
    private static final FetchLimits LIMITS =
            new FetchLimits(1024, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), 3);
    /** What the link's host resolves to here: a public address, so the SSRF guard lets it through. */
    private static final HostResolver PUBLIC_DNS =
            host -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}));

    private LocalHttpServer pictures;
    private HttpConnectProxy connect;
    private Socks5Proxy socks;

    @BeforeEach
    void start() {
        pictures = new LocalHttpServer(
                exchange -> LocalHttpServer.sendBytes(exchange, 200, "image/png", PICTURE, Map.of()));
        connect = new HttpConnectProxy();
        connect.route("pictures.example.test", pictures.baseUrl());
        socks = new Socks5Proxy();
        socks.route("pictures.example.test", pictures.baseUrl());
    }

    @AfterEach
    void stop() {
        pictures.close();
        connect.close();
        socks.close();
    }

    private static Settings all(String url) {
        return new Settings("", "", url, "", "", "", "");
    }

    private static UrlFetcher fetcher(HostResolver dns, OutboundProxies proxies) {
        return new UrlFetcher(AddressPolicy.publicOnly(), dns, TrustedHosts.none(), LIMITS, proxies);
    }

    @Test
    void userLinksGoThroughAnHttpProxyWithCredentialsWhileTheGuardChecksTheLinksHost() throws Exception {
        connect.requireCredentials("alice", "s3cret");
        OutboundProxies proxies = OutboundProxies.of(all(connect.url("alice", "s3cret")));

        // The proxy is on 127.0.0.1, which the guard refuses for links: it checks the link's host, not the proxy.
        assertThat(fetcher(PUBLIC_DNS, proxies)
                        .fetchUserSupplied("http://pictures.example.test/cat.png")
                        .body())
                .isEqualTo(PICTURE);
        assertThat(connect.tunnelsTo("pictures.example.test")).isEqualTo(1);

        // A link whose host resolves to a private address is refused before anything goes to the proxy.
        HostResolver intranet = host -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7}));
        assertThatThrownBy(() -> fetcher(intranet, proxies).fetchUserSupplied("http://pictures.example.test/x"))
                .isInstanceOf(FetchException.Refused.class);
        assertThat(connect.tunnels()).isEqualTo(1);

        // Wrong credentials: the proxy refuses, and the client stops asking.
        OutboundProxies wrong = OutboundProxies.of(all(connect.url("alice", "guess")));
        assertThatThrownBy(() -> fetcher(PUBLIC_DNS, wrong).fetchUserSupplied("http://pictures.example.test/x"))
                .isInstanceOf(FetchException.Failed.class);
        assertThat(connect.refusedCredentials()).isBetween(1, 3);
    }

    @Test
    void userLinksGoThroughASocks5ProxyWithCredentials() throws Exception {
        socks.requireCredentials("bob", "hunter2");
        OutboundProxies proxies = OutboundProxies.of(all(socks.url("bob", "hunter2")));

        assertThat(fetcher(PUBLIC_DNS, proxies)
                        .fetchUserSupplied("http://pictures.example.test/cat.png")
                        .body())
                .isEqualTo(PICTURE);
        assertThat(socks.tunnelsTo("pictures.example.test")).isEqualTo(1);
        assertThat(socks.refusedCredentials()).isZero();
    }

    @Test
    void hostsInNoProxyAreReachedDirectly() throws Exception {
        OutboundProxies proxies = OutboundProxies.of(new Settings("", "", connect.url(), "127.0.0.1", "", "", ""));
        UrlFetcher trusting =
                new UrlFetcher(AddressPolicy.publicOnly(), HostResolver.system(), TrustedHosts.none(), LIMITS, proxies);

        assertThat(trusting.fetchFromTrustedSource(pictures.baseUrl() + "/cat.png")
                        .body())
                .isEqualTo(PICTURE);
        assertThat(connect.tunnels()).isZero();
    }

    @Test
    void theChatModelTalksToTheGatewayThroughOpenAiProxyWhileOthersUseTheGeneralProxy() throws Exception {
        try (FakeOpenAiServer gateway = new FakeOpenAiServer("sk-proxied")) {
            connect.route("api.gateway.test", gateway.baseUrl()).requireCredentials("gw", "pw");
            OutboundProxies proxies =
                    OutboundProxies.of(new Settings("", "", socks.url(), "", "", "", connect.url("gw", "pw")));
            SpringAiChatUpstream upstream = new SpringAiChatUpstream(
                    new SpringAiChatUpstream.GatewaySettings(
                            "http://api.gateway.test:"
                                    + URI.create(gateway.baseUrl()).getPort(),
                            "sk-proxied",
                            "gpt-4o",
                            Duration.ofSeconds(20)),
                    proxies);
            gateway.enqueue(Reply.of("hello through the proxy"));

            String answer = String.join(
                    "",
                    upstream.stream(new ChatRequest("gpt-4o", null, List.<Turn>of(), "hi"))
                            .ofType(UpstreamEvent.TextDelta.class)
                            .map(UpstreamEvent.TextDelta::text)
                            .collectList()
                            .block(Duration.ofSeconds(20)));

            assertThat(answer).isEqualTo("hello through the proxy");
            assertThat(connect.tunnelsTo("api.gateway.test")).isEqualTo(1);
            assertThat(socks.tunnels()).isZero();

            // The general proxy still serves the rest.
            assertThat(fetcher(PUBLIC_DNS, proxies)
                            .fetchUserSupplied("http://pictures.example.test/a.png")
                            .body())
                    .isEqualTo(PICTURE);
            assertThat(socks.tunnelsTo("pictures.example.test")).isEqualTo(1);
        }
    }

    @Test
    void theMidjourneyClientGoesThroughOpenAiProxy() throws IOException {
        try (FakeMidjourneyProxy mj = new FakeMidjourneyProxy("mj-key", FakeMidjourneyProxy.Dialect.ACTION)) {
            socks.route("mj.gateway.test", mj.baseUrl()).requireCredentials("mj", "pw");
            OutboundProxies proxies = OutboundProxies.of(
                    new Settings(connect.url(), connect.url(), "", "", "", "", socks.url("mj", "pw")));
            MidjourneyClient client = new MidjourneyClient(
                    new MidjourneySettings(
                            "http://mj.gateway.test:" + URI.create(mj.baseUrl()).getPort(),
                            "mj-key",
                            MidjourneySettings.Dialect.AUTO,
                            Duration.ofSeconds(10)),
                    proxies);

            SubmitResult submitted = client.imagine("a cat", null);

            assertThat(submitted.hasTask()).isTrue();
            assertThat(client.fetch(submitted.taskId())).isPresent();
            assertThat(socks.tunnelsTo("mj.gateway.test")).isGreaterThanOrEqualTo(1);
            assertThat(connect.tunnels()).isZero();
        }
    }

    @Test
    void theModelListGoesThroughOpenAiProxyOverSocks5WithCredentials() {
        try (FakeOpenAiServer gateway = new FakeOpenAiServer("sk-models", List.of("gpt-4o", "claude-3"))) {
            socks.route("models.gateway.test", gateway.baseUrl()).requireCredentials("gw", "pw");
            OutboundProxies proxies = OutboundProxies.of(
                    new Settings(connect.url(), connect.url(), "", "", "", "", socks.url("gw", "pw")));
            GatewayModels models = new GatewayModels(
                    new SpringAiChatUpstream.GatewaySettings(
                            "http://models.gateway.test:"
                                    + URI.create(gateway.baseUrl()).getPort() + "/v1",
                            "sk-models",
                            "gpt-4o",
                            Duration.ofSeconds(10)),
                    proxies);

            assertThat(models.models()).containsExactly("gpt-4o", "claude-3");
            assertThat(socks.tunnelsTo("models.gateway.test")).isEqualTo(1);
            assertThat(socks.refusedCredentials()).isZero();
            assertThat(connect.tunnels()).isZero();
        }
    }

    @Test
    void transcriptionsGoThroughOpenAiProxyOverHttpWithCredentials() {
        try (FakeOpenAiServer gateway = new FakeOpenAiServer("sk-voice").transcribeAs("hello there")) {
            connect.route("voice.gateway.test", gateway.baseUrl()).requireCredentials("vo", "pw");
            OutboundProxies proxies =
                    OutboundProxies.of(new Settings("", "", socks.url(), "", "", "", connect.url("vo", "pw")));
            TranscriptionClient client = new TranscriptionClient(
                    "http://voice.gateway.test:" + URI.create(gateway.baseUrl()).getPort(),
                    "sk-voice",
                    VoiceSettings.defaults(),
                    proxies);

            assertThat(client.transcribe(new byte[] {1, 2, 3}, "voice.ogg", "audio/ogg"))
                    .isEqualTo("hello there");
            assertThat(connect.tunnelsTo("voice.gateway.test")).isGreaterThanOrEqualTo(1);
            assertThat(socks.tunnels()).isZero();
        }
    }

    @Test
    void theImagesApiGoesThroughOpenAiProxyOverHttpWithCredentials() {
        try (FakeOpenAiServer gateway = new FakeOpenAiServer("sk-images").imagesAtGenerate()) {
            connect.route("images.gateway.test", gateway.baseUrl()).requireCredentials("img", "pw");
            OutboundProxies proxies =
                    OutboundProxies.of(new Settings("", "", socks.url(), "", "", "", connect.url("img", "pw")));
            ImagesClient images = new ImagesClient(
                    new ImagesSettings(
                            "http://images.gateway.test:"
                                    + URI.create(gateway.baseUrl()).getPort(),
                            "sk-images",
                            ImagesSettings.Route.AUTO,
                            "dall-e-3",
                            null,
                            Duration.ofSeconds(10),
                            1024 * 1024),
                    fetcher(PUBLIC_DNS, proxies),
                    proxies);

            GeneratedImage image = images.generate("a lighthouse", null);

            // AUTO tried OpenAI's route first, got 404, and found g4f's: both through the gateway's proxy.
            assertThat(image.bytes()).isEqualTo(gateway.generatedImages().getFirst());
            assertThat(gateway.imageRequestPaths()).containsExactly("/v1/images/generations", "/v1/images/generate");
            assertThat(connect.tunnelsTo("images.gateway.test")).isGreaterThanOrEqualTo(1);
            assertThat(socks.tunnels()).isZero();
        }
    }

    @Test
    void httpToolsGoThroughTheGeneralProxyNotTheGatewaysOne() throws Exception {
        AtomicReference<String> asked = new AtomicReference<>();
        try (LocalHttpServer weather = new LocalHttpServer(exchange -> {
            asked.set(exchange.getRequestURI().getRawQuery());
            LocalHttpServer.sendBytes(
                    exchange,
                    200,
                    "application/json",
                    "{\"temperature\":21}".getBytes(StandardCharsets.UTF_8),
                    Map.of());
        })) {
            socks.route("tools.example.test", weather.baseUrl()).requireCredentials("tool", "pw");
            OutboundProxies proxies =
                    OutboundProxies.of(new Settings("", "", socks.url("tool", "pw"), "", "", "", connect.url()));
            HttpTool tool = new HttpTool(
                    new HttpToolSettings(
                            "weather",
                            "The weather in a city",
                            null,
                            URI.create("http://tools.example.test:"
                                    + URI.create(weather.baseUrl()).getPort() + "/weather"),
                            "GET",
                            Map.of(),
                            Duration.ofSeconds(10)),
                    proxies);

            ToolOutput output = tool.call(
                    JsonMapper.builder().build().readTree("{\"city\":\"Oslo\"}"),
                    new ToolCaller(new QuotaUser("tg", "1"), Language.EN));

            assertThat(output.forModel()).isEqualTo("{\"temperature\":21}");
            assertThat(asked.get()).isEqualTo("city=Oslo");
            assertThat(socks.tunnelsTo("tools.example.test")).isEqualTo(1);
            assertThat(connect.tunnels()).isZero();
        }
    }
}
