package dev.chatbridge.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the static binary bundled in {@code org.signal:embedded-redis}) for
 * running without installing Redis. Data persists (AOF) in a local folder, so conversations
 * survive a restart.
 */
final class EmbeddedRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;
    private final int port;

    EmbeddedRedis(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded Redis folder " + dir, e);
        }
        this.port = freePort();
        this.server = RedisServer.builder()
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + dir)
                .setting("appendonly yes")
                .setting("appendfsync everysec")
                .setting("save 60 1")
                .setting("protected-mode yes")
                .build();
        server.start();
        log.info("Started embedded Redis on 127.0.0.1:{} with data in {} (set REDIS_URL to use your own)", port, dir);
    }

    int port() {
        return port;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
