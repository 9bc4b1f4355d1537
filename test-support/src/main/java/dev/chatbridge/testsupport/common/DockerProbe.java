package dev.chatbridge.testsupport.common;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cheap look for a Docker daemon before asking Testcontainers, whose own search is slow and logs errors when
 * there is none.
 */
public final class DockerProbe {
    private DockerProbe() {}

    public static boolean likelyAvailable() {
        if (hasText(System.getenv("DOCKER_HOST"))) {
            return true;
        }
        Path properties = Path.of(System.getProperty("user.home"), ".testcontainers.properties");
        try {
            if (Files.isReadable(properties) && Files.readString(properties).contains("docker.host")) {
                return true;
            }
        } catch (IOException e) {
            // Unreadable settings: fall through to the sockets.
        }
        return sockets().stream().anyMatch(DockerProbe::accepts);
    }

    private static List<Path> sockets() {
        String home = System.getProperty("user.home");
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".rd", "docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (hasText(runtimeDir)) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
        }
        return sockets;
    }

    private static boolean accepts(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
