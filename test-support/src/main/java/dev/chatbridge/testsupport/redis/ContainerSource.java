package dev.chatbridge.testsupport.redis;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** A shared {@code redis:7-alpine} container; Testcontainers' Ryuk removes it when the JVM ends. */
final class ContainerSource {
    private static final int REDIS_PORT = 6379;

    private ContainerSource() {}

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // Shared for the whole JVM on purpose.
    static String start() {
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
                .withExposedPorts(REDIS_PORT)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        redis.start();
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(REDIS_PORT);
    }
}
