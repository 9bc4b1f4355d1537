package dev.chatbridge.testsupport.redis;

import dev.chatbridge.testsupport.common.DockerProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis for tests. {@link #url()} is shared by the whole JVM and comes from, in order: the
 * {@code REDIS_URL} environment variable, a Testcontainers {@code redis:7-alpine} when Docker is there, or an
 * embedded redis-server binary. Set the system property {@code chatbridge.test.redis=embedded} to skip Docker.
 * Tests share the server, so they should use their own keys or a database of their own.
 */
public final class RedisTestServer {
    private static final Logger log = LoggerFactory.getLogger(RedisTestServer.class);

    private RedisTestServer() {}

    /** A {@code redis://host:port} URL of the shared server, started on first use. */
    public static String url() {
        return Shared.URL;
    }

    /** A server of the caller's own, always embedded, for outage tests: it can be stopped and started again. */
    public static Dedicated startDedicated() {
        return new Dedicated(EphemeralRedis.startOnFreePort());
    }

    /**
     * As {@link #startDedicated()}, but with an append-only file written before each reply, so a restart keeps
     * every acknowledged write: an operator's Redis restarting.
     */
    public static Dedicated startDedicatedPersistent() {
        return new Dedicated(EphemeralRedis.startOnFreePort(true));
    }

    /** A dedicated embedded redis-server. {@link #start()} after {@link #stop()} reuses the same port. */
    public static final class Dedicated implements AutoCloseable {
        private final EphemeralRedis redis;

        private Dedicated(EphemeralRedis redis) {
            this.redis = redis;
        }

        public String url() {
            return redis.url();
        }

        public int port() {
            return redis.port();
        }

        public boolean isRunning() {
            return redis.isActive();
        }

        /** Stops the server; its data is gone unless it is persistent. */
        public void stop() {
            redis.stop();
        }

        public void start() {
            redis.start();
        }

        @Override
        public void close() {
            redis.stopAndClean();
        }
    }

    /** Holder idiom: resolved once, on first use, thread-safely. */
    private static final class Shared {
        static final String URL = resolve();

        private static String resolve() {
            String fromEnv = System.getenv("REDIS_URL");
            if (fromEnv != null && !fromEnv.isBlank()) {
                log.info("Tests use Redis from REDIS_URL");
                return fromEnv;
            }
            if (!"embedded".equals(System.getProperty("chatbridge.test.redis")) && DockerProbe.likelyAvailable()) {
                try {
                    if (ContainerSource.dockerAvailable()) {
                        String url = ContainerSource.start();
                        log.info("Tests use a redis:7-alpine container at {}", url);
                        return url;
                    }
                } catch (Throwable e) { // NoClassDefFoundError too: fall back rather than fail every test.
                    log.warn("Could not start a Redis container, using an embedded redis-server", e);
                }
            }
            EphemeralRedis redis = EphemeralRedis.startOnFreePort();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::stopAndClean, "embedded-redis-stop"));
            log.info("Tests use an embedded redis-server at {}", redis.url());
            return redis.url();
        }
    }
}
