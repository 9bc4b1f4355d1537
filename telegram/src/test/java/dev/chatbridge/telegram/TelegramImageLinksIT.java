package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.core.net.AddressPolicy;
import dev.chatbridge.core.net.FetchLimits;
import dev.chatbridge.core.net.HostResolver;
import dev.chatbridge.core.net.TrustedHosts;
import dev.chatbridge.core.net.UrlFetcher;
import dev.chatbridge.testsupport.common.TestImages;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Image links in messages through the real Telegram adapter and core: fetched through the SSRF
 * guard, the allowed one reaches the gateway as its exact bytes, and links to loopback, metadata,
 * IPv6 loopback, a name resolving to a private address, or a redirect to a private address are
 * refused with a clear message before anything is sent there. The test's image server on
 * 127.0.0.3 plays the public host (the test policy permits exactly that address; the name
 * {@code images.example} resolves to it); a second server on 127.0.0.1 plays the internal service.
 */
class TelegramImageLinksIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] PICTURE = TestImages.png("linked-picture", 48);
    private static final byte[] SECRET = TestImages.png("internal-picture", 24);
    private static final AtomicInteger internalHits = new AtomicInteger();
    private static HttpServer imageServer;
    private static HttpServer internalServer;
    private static String images;
    private static int internalPort;
    private static TelegramTestBot t;

    @BeforeAll
    static void start() throws Exception {
        internalServer = server("127.0.0.1");
        internalPort = internalServer.getAddress().getPort();
        internalServer.createContext("/", exchange -> {
            internalHits.incrementAndGet();
            send(exchange, 200, SECRET);
        });
        internalServer.start();

        imageServer = server("127.0.0.3");
        images = "http://images.example:" + imageServer.getAddress().getPort();
        imageServer.createContext("/", exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/cat.png" -> send(exchange, 200, PICTURE);
                case "/to-private.png" -> {
                    exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + internalPort + "/secret.png");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                }
                case "/notes.png" -> send(exchange, 200, "just some text".getBytes());
                default -> send(exchange, 404, new byte[0]);
            }
        });
        imageServer.start();

        InetAddress publicStandIn = InetAddress.getByName("127.0.0.3");
        HostResolver resolver = host -> switch (host) {
            case "images.example" -> List.of(publicStandIn);
            case "intranet.example" -> List.of(InetAddress.getByName("10.20.30.40"));
            default -> HostResolver.system().resolve(host);
        };
        UrlFetcher fetcher = new UrlFetcher(
                AddressPolicy.publicOnly().alsoPermitting(publicStandIn),
                resolver,
                TrustedHosts.none(),
                FetchLimits.defaults(10L * 1024 * 1024));
        t = TelegramTestBot.start(new TelegramTestBot.Options().urlFetcher(fetcher));
    }

    @AfterAll
    static void stop() throws Exception {
        t.close();
        imageServer.stop(0);
        internalServer.stop(0);
    }

    @Test
    void anAllowedImageLinkReachesTheGatewayAsItsExactBytes() {
        long chat = TelegramTestBot.newId();
        String question = "what is in " + images + "/cat.png?";
        t.ask(chat, question, 1);

        ReceivedChatRequest.Msg asked = t.lastRequestFrom(question).lastUserMessage();
        assertThat(asked.imageUrls()).singleElement().asString().startsWith("data:image/png;base64,");
        assertThat(asked.imageBytes()).singleElement().isEqualTo(PICTURE);
        assertThat(t.telegram.messages(chat).getFirst().text()).contains("echo: " + question);

        t.ask(chat, "and now?", 2);
        ReceivedChatRequest followUp = t.lastRequestFrom("and now?");
        assertThat(followUp.messages())
                .allSatisfy(message -> assertThat(message.imageUrls()).isEmpty());
        assertThat(followUp.messages().getFirst().text()).startsWith("[image: cat.png (images.example), png,");
    }

    @Test
    void linksToLoopbackMetadataIpv6LoopbackAPrivateNameOrARedirectToOneAreRefused() {
        List<String> refused = List.of(
                "http://127.0.0.1:" + internalPort + "/secret.png",
                "http://169.254.169.254/latest/meta-data/cat.png",
                "http://[::1]:" + internalPort + "/secret.png",
                "http://intranet.example:" + internalPort + "/secret.png",
                images + "/to-private.png");
        long chat = TelegramTestBot.newId();
        int requests = t.gateway.requests().size();
        int expected = 0;
        for (String link : refused) {
            t.telegram.sendText(chat, chat, link);
            expected++;
            assertThat(awaitReply(chat, expected))
                    .as(link)
                    .contains("did not open the image link")
                    .contains("private or internal address");
        }
        assertThat(t.gateway.requests()).hasSize(requests);
        assertThat(internalHits.get()).isZero();

        t.ask(chat, "still there?", expected + 1);
        assertThat(t.telegram.messages(chat).getLast().text()).contains("echo: still there?");
    }

    @Test
    void aRefusedLinkInAQuestionIsLeftOutAndTheTextIsStillAnswered() {
        long chat = TelegramTestBot.newId();
        String question = "is http://127.0.0.1:" + internalPort + "/secret.png a good address for my NAS?";
        t.ask(chat, question, 2);

        assertThat(t.telegram.messages(chat).get(0).text())
                .contains("did not open the image link secret.png (127.0.0.1)");
        assertThat(t.telegram.messages(chat).get(1).text()).contains("echo: is http://127.0.0.1");
        assertThat(t.lastRequestFrom(question).lastUserMessage().imageUrls()).isEmpty();
        assertThat(internalHits.get()).isZero();
    }

    @Test
    void aMissingOrNonImageLinkGetsAClearAnswer() {
        long chat = TelegramTestBot.newId();
        int requests = t.gateway.requests().size();
        t.telegram.sendText(chat, chat, images + "/gone.png");
        assertThat(awaitReply(chat, 1))
                .contains("could not download the image link gone.png (images.example)")
                .contains("HTTP 404");
        t.telegram.sendText(chat, chat, images + "/notes.png");
        assertThat(awaitReply(chat, 2)).contains("can't read notes.png (images.example)");
        assertThat(t.gateway.requests()).hasSize(requests);
    }

    private static String awaitReply(long chat, int count) {
        await(
                "reply " + count,
                () -> t.telegram.messages(chat).size() >= count
                        && t.core.activeAnswers().count() == 0,
                WAIT);
        return t.telegram.messages(chat).get(count - 1).text();
    }

    private static HttpServer server(String address) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "image/png");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
