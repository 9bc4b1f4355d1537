package dev.chatbridge.testsupport.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * A real redis-server binary (from org.signal:embedded-redis) on 127.0.0.1, without persistence unless asked
 * for, with its working files in a temp dir. It can be stopped and started again on the same port.
 */
final class EphemeralRedis {
    private static final int START_ATTEMPTS = 3;

    private final int port;
    private final Path dir;
    private final RedisServer server;

    private EphemeralRedis(int port, boolean persistent) {
        this.port = port;
        try {
            this.dir = Files.createTempDirectory("chatbridge-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.server = RedisServer.builder()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                // Persistent: every write is in the append-only file before Redis answers it, as an
                // operator's Redis with AOF (the chart's bundled one) keeps data over a restart.
                .setting(persistent ? "appendonly yes" : "appendonly no")
                .setting(persistent ? "appendfsync always" : "appendfsync everysec")
                .setting("dir \"" + dir + "\"")
                .build();
    }

    /** Starts on a free port; retries when another process grabs the port between probe and bind. */
    static EphemeralRedis startOnFreePort() {
        return startOnFreePort(false);
    }

    /** As {@link #startOnFreePort()}; a persistent server keeps its data when stopped and started again. */
    static EphemeralRedis startOnFreePort(boolean persistent) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            EphemeralRedis redis = new EphemeralRedis(freePort(), persistent);
            try {
                redis.start();
                return redis;
            } catch (RuntimeException e) {
                redis.deleteDir();
                last = e;
            }
        }
        throw new IllegalStateException("Could not start an embedded redis-server", last);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    void start() {
        if (!server.isActive()) {
            server.start();
        }
    }

    void stop() {
        if (server.isActive()) {
            server.stop();
        }
    }

    boolean isActive() {
        return server.isActive();
    }

    void stopAndClean() {
        stop();
        deleteDir();
    }

    private void deleteDir() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover empty temp dir is harmless.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
