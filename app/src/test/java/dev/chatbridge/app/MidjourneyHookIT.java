package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The Midjourney notify hook as a stranger on the network meets it, over real HTTP. */
class MidjourneyHookIT {

    private static final String SECRET = "hook-secret-456";
    private static FakeTelegramBotApi telegram;
    private static FakeOpenAiServer gateway;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegramBotApi(TestApp.TOKEN);
        gateway = new FakeOpenAiServer(TestApp.KEY);
        app = TestApp.start(
                telegram,
                gateway,
                "--chatbridge.mj.notify-hook-base-url=http://127.0.0.1:1",
                "--chatbridge.mj.notify-secret=" + SECRET);
    }

    @AfterAll
    static void stop() {
        app.close();
        telegram.close();
        gateway.close();
    }

    @Test
    void refusesAWrongSecretWithoutWaitingForTheBody() throws IOException {
        // Announces 50 MB and sends none of it: only an answer that does not read the body comes back.
        assertThat(statusOfBodilessPost("/hooks/midjourney/wrong-secret", 50L << 20))
                .isEqualTo(403);
    }

    @Test
    void refusesABodyAnnouncedAboveOneMegabyteBeforeReadingIt() throws IOException {
        assertThat(statusOfBodilessPost("/hooks/midjourney/" + SECRET, 50L << 20))
                .isEqualTo(413);
    }

    @Test
    void refusesABodyAboveOneMegabyteThatDoesNotAnnounceItsLength() throws Exception {
        String padding = "a".repeat(MidjourneyHookEndpoint.MAX_BODY_BYTES);
        String task = "{\"id\":\"1\",\"status\":\"IN_PROGRESS\",\"progress\":\"10%\",\"pad\":\"" + padding + "\"}";
        // Sent chunked: the app learns the size only by reading.
        var chunked = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofString(task, StandardCharsets.UTF_8));
        assertThat(post("/hooks/midjourney/" + SECRET, chunked)).isEqualTo(413);
        assertThat(post("/hooks/midjourney/" + SECRET, HttpRequest.BodyPublishers.ofString(task)))
                .isEqualTo(413);
    }

    @Test
    void acceptsATaskWithTheRightSecret() throws Exception {
        assertThat(post(
                        "/hooks/midjourney/" + SECRET,
                        HttpRequest.BodyPublishers.ofString("{\"id\":\"no-such-job\",\"status\":\"IN_PROGRESS\"}")))
                .isEqualTo(200);
    }

    @Test
    void hasNoHookWithoutASecret() throws Exception {
        try (ConfigurableApplicationContext plain = TestApp.start(telegram, gateway)) {
            var response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(TestApp.baseUrl(plain) + "/hooks/midjourney/anything"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"1\",\"status\":\"SUCCESS\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    private static int post(String path, HttpRequest.BodyPublisher body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(TestApp.baseUrl(app) + path))
                                .header("Content-Type", "application/json")
                                .POST(body)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Sends only the head of a POST that announces {@code contentLength} bytes, and reads the status line. */
    private static int statusOfBodilessPost(String path, long contentLength) throws IOException {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // Reading a body that never comes would block far longer than this.
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + contentLength + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
