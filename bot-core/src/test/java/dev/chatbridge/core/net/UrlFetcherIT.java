package dev.chatbridge.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.core.upstream.midjourney.MidjourneyClient;
import dev.chatbridge.core.upstream.midjourney.MidjourneySettings;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard against real sockets. 127.0.0.1 plays the public host (the test policy permits
 * exactly that address); a second server on 127.0.0.2 plays the internal service that must never
 * be reached.
 */
class UrlFetcherIT {

    private static final byte[] PICTURE = "picture-bytes".getBytes(StandardCharsets.UTF_8);
    private static final FetchLimits LIMITS =
            new FetchLimits(1024, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(10), 3);
    private static final AtomicInteger publicHits = new AtomicInteger();
    private static final AtomicInteger internalHits = new AtomicInteger();
    private static HttpServer publicServer;
    private static HttpServer internalServer;
    private static String publicUrl;
    private static int internalPort;

    @BeforeAll
    static void startServers() throws IOException {
        internalServer = server("127.0.0.2");
        internalPort = internalServer.getAddress().getPort();
        internalServer.createContext("/", exchange -> {
            internalHits.incrementAndGet();
            send(exchange, 200, "internal secret".getBytes(StandardCharsets.UTF_8), true);
        });
        internalServer.start();

        publicServer = server("127.0.0.1");
        publicUrl = "http://127.0.0.1:" + publicServer.getAddress().getPort();
        publicServer.createContext("/", exchange -> {
            publicHits.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/picture" -> send(exchange, 200, PICTURE, true);
                case "/to-internal" -> redirect(exchange, "http://127.0.0.2:" + internalPort + "/secret");
                case "/to-metadata" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/");
                case "/to-v6-loopback" -> redirect(exchange, "http://[::1]:" + internalPort + "/secret");
                case "/to-picture" -> redirect(exchange, "/picture");
                case "/loop" -> redirect(exchange, "/loop");
                case "/big" -> send(exchange, 200, new byte[2048], true);
                case "/big-chunked" -> send(exchange, 200, new byte[4096], false);
                case "/slow" -> {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(exchange, 200, PICTURE, true);
                }
                default -> send(exchange, 404, new byte[0], true);
            }
        });
        publicServer.start();
    }

    @AfterAll
    static void stopServers() {
        publicServer.stop(0);
        internalServer.stop(0);
    }

    @Test
    void fetchesFromAPublicHostAndFollowsItsRedirects() throws Exception {
        assertThat(testFetcher().fetchUserSupplied(publicUrl + "/picture").body())
                .isEqualTo(PICTURE);
        UrlFetcher.Fetched redirected = testFetcher().fetchUserSupplied(publicUrl + "/to-picture");
        assertThat(redirected.body()).isEqualTo(PICTURE);
        assertThat(redirected.url()).endsWith("/picture");
    }

    @Test
    void refusesLoopbackMetadataAndIpv6LoopbackLiterals() {
        int before = publicHits.get();
        UrlFetcher fetcher = productionFetcher(TrustedHosts.none());
        for (String url : List.of(
                publicUrl + "/picture",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:" + internalPort + "/",
                "http://[::ffff:127.0.0.1]:" + internalPort + "/",
                "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
                "http://0.0.0.0:" + internalPort + "/",
                "http://2130706433:" + internalPort + "/")) {
            assertThatThrownBy(() -> fetcher.fetchUserSupplied(url)).as(url).isInstanceOf(FetchException.Refused.class);
        }
        assertThat(publicHits.get()).isEqualTo(before);
        assertThat(internalHits.get()).isZero();
    }

    @Test
    void refusesNamesThatResolveToPrivateAddresses() {
        assertThatThrownBy(() -> productionFetcher(TrustedHosts.none())
                        .fetchUserSupplied("http://localhost:" + internalPort + "/"))
                .isInstanceOf(FetchException.Refused.class)
                .hasMessageContaining("localhost");
        HostResolver intranet = host -> List.of(InetAddress.getByName("10.20.30.40"));
        UrlFetcher fetcher = new UrlFetcher(AddressPolicy.publicOnly(), intranet, TrustedHosts.none(), LIMITS);
        assertThatThrownBy(() -> fetcher.fetchUserSupplied("https://images.example.com/cat.png"))
                .isInstanceOf(FetchException.Refused.class)
                .hasMessageContaining("10.20.30.40");
        assertThat(internalHits.get()).isZero();
    }

    @Test
    void refusesARedirectFromAPublicHostToAPrivateOne() {
        for (String path : List.of("/to-internal", "/to-metadata", "/to-v6-loopback")) {
            assertThatThrownBy(() -> testFetcher().fetchUserSupplied(publicUrl + path))
                    .as(path)
                    .isInstanceOf(FetchException.Refused.class);
        }
        assertThat(internalHits.get()).isZero();
    }

    @Test
    void connectsToTheAddressItCheckedEvenWhenDnsChangesItsAnswer() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        // A rebinding DNS: the first answer passes the check, later ones point inside.
        HostResolver rebinding =
                host -> List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2"));
        UrlFetcher fetcher = new UrlFetcher(testPolicy(), rebinding, TrustedHosts.none(), LIMITS);
        int port = publicServer.getAddress().getPort();

        assertThat(fetcher.fetchUserSupplied("http://rebind.example:" + port + "/picture")
                        .body())
                .isEqualTo(PICTURE);
        assertThat(lookups.get()).isEqualTo(1);
        assertThat(internalHits.get()).isZero();
    }

    @Test
    void capsSizeTimeAndRedirects() {
        assertThatThrownBy(() -> testFetcher().fetchUserSupplied(publicUrl + "/big"))
                .isInstanceOf(FetchException.TooLarge.class);
        assertThatThrownBy(() -> testFetcher().fetchUserSupplied(publicUrl + "/big-chunked"))
                .isInstanceOf(FetchException.TooLarge.class);
        assertThatThrownBy(() -> testFetcher().fetchUserSupplied(publicUrl + "/slow"))
                .isInstanceOf(FetchException.Failed.class)
                .hasMessageContaining("in time");
        assertThatThrownBy(() -> testFetcher().fetchUserSupplied(publicUrl + "/loop"))
                .isInstanceOf(FetchException.Failed.class)
                .hasMessageContaining("redirects");
        // Trusted sources get the same caps.
        assertThatThrownBy(() -> testFetcher().fetchFromTrustedSource(publicUrl + "/big"))
                .isInstanceOf(FetchException.TooLarge.class);
    }

    @Test
    void refusesOtherSchemesAndCredentials() {
        for (String url : List.of(
                "file:///etc/passwd",
                "ftp://example.com/x",
                "gopher://127.0.0.1:70/",
                "http://user:secret@" + publicUrl.substring("http://".length()) + "/picture")) {
            assertThatThrownBy(() -> testFetcher().fetchUserSupplied(url))
                    .as(url)
                    .isInstanceOf(FetchException.Refused.class);
        }
    }

    @Test
    void trustedHostsSkipTheAddressCheckForTheirPortOnly() throws Exception {
        UrlFetcher fetcher = productionFetcher(TrustedHosts.of(List.of(publicUrl)));
        assertThat(fetcher.fetchUserSupplied(publicUrl + "/picture").body()).isEqualTo(PICTURE);
        // Trusting one service on 127.0.0.1 does not open other loopback services, even by redirect.
        assertThatThrownBy(() -> fetcher.fetchUserSupplied(publicUrl + "/to-internal"))
                .isInstanceOf(FetchException.Refused.class);
        assertThat(internalHits.get()).isZero();
    }

    @Test
    void aTrustedSourcesRedirectsAreCheckedForLoopbackLinkLocalAndMetadata() throws Exception {
        // The first host is the operator's own service (trusted), as the gateway's images API is.
        UrlFetcher fetcher = productionFetcher(TrustedHosts.of(List.of(publicUrl)));
        assertThat(fetcher.fetchFromTrustedSource(publicUrl + "/to-picture").body())
                .isEqualTo(PICTURE);
        for (String path : List.of("/to-internal", "/to-metadata", "/to-v6-loopback")) {
            assertThatThrownBy(() -> fetcher.fetchFromTrustedSource(publicUrl + path))
                    .as(path)
                    .isInstanceOf(FetchException.Refused.class);
            // A link a service returned from a host nobody listed: its redirects are checked as well.
            assertThatThrownBy(() -> productionFetcher(TrustedHosts.none()).fetchFromTrustedSource(publicUrl + path))
                    .as(path)
                    .isInstanceOf(FetchException.Refused.class);
        }
        assertThat(internalHits.get()).isZero();
    }

    @Test
    void theConfiguredMidjourneyProxyOnALoopbackAddressStillWorks() throws Exception {
        try (var midjourney = new FakeMidjourneyProxy("sk-mj", FakeMidjourneyProxy.Dialect.ACTION)) {
            var client = new MidjourneyClient(new MidjourneySettings(
                    midjourney.baseUrl(), "sk-mj", MidjourneySettings.Dialect.AUTO, Duration.ofSeconds(5)));
            String taskId = client.imagine("a fox", null).taskId();
            midjourney.advanceEvery(Duration.ofMillis(20));
            midjourney.await(
                    () -> client.fetch(taskId)
                            .map(task -> task.imageUrl() != null
                                    && task.status().name().equals("SUCCESS"))
                            .orElse(false),
                    Duration.ofSeconds(20));
            String imageUrl = client.fetch(taskId).orElseThrow().imageUrl();

            // As the app wires it: the operator's Midjourney base URL is a trusted host.
            UrlFetcher app = productionFetcher(TrustedHosts.of(List.of(midjourney.baseUrl())));
            assertThat(app.fetchUserSupplied(imageUrl).body()).isEqualTo(midjourney.image(taskId));
            assertThat(app.fetchFromTrustedSource(imageUrl).body()).isEqualTo(midjourney.image(taskId));
            // The same link from an untrusted source is refused: it points at loopback.
            assertThatThrownBy(() -> productionFetcher(TrustedHosts.none()).fetchUserSupplied(imageUrl))
                    .isInstanceOf(FetchException.Refused.class);
        }
    }

    private static AddressPolicy testPolicy() throws IOException {
        return AddressPolicy.publicOnly().alsoPermitting(InetAddress.getByName("127.0.0.1"));
    }

    private static UrlFetcher testFetcher() throws IOException {
        return new UrlFetcher(testPolicy(), HostResolver.system(), TrustedHosts.none(), LIMITS);
    }

    private static UrlFetcher productionFetcher(TrustedHosts trusted) {
        return new UrlFetcher(AddressPolicy.publicOnly(), HostResolver.system(), trusted, LIMITS);
    }

    private static HttpServer server(String address) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        return server;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        send(exchange, 302, new byte[0], true);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, boolean withLength) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : withLength ? body.length : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
