package dev.chatbridge.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisTestServerTest {

    @Test
    void sharedServerAnswersPing() throws IOException {
        assertThat(command(RedisTestServer.url(), "PING")).isEqualTo("+PONG");
    }

    @Test
    void sharedServerIsTheSameForEveryCaller() {
        assertThat(RedisTestServer.url()).isEqualTo(RedisTestServer.url());
    }

    @Test
    void dedicatedServerRestartsOnTheSamePortWithoutItsData() throws IOException {
        try (RedisTestServer.Dedicated redis = RedisTestServer.startDedicated()) {
            String url = redis.url();
            assertThat(command(url, "SET k v")).isEqualTo("+OK");

            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> command(url, "PING")).isInstanceOf(IOException.class);

            redis.start();
            assertThat(redis.url()).isEqualTo(url);
            assertThat(command(url, "PING")).isEqualTo("+PONG");
            assertThat(command(url, "EXISTS k")).isEqualTo(":0");
        }
    }

    /** Sends one inline command over a raw socket and returns the first reply line. */
    private static String command(String url, String command) throws IOException {
        URI uri = URI.create(url);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            return line;
        }
    }
}
