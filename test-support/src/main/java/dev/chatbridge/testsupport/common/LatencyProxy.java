package dev.chatbridge.testsupport.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy on 127.0.0.1 that holds back what the server answers: each read from the server reaches the client
 * {@link #latency(Duration) latency} after it arrived, in order, as over a slow link (replies to pipelined commands
 * are delayed together, not one after another). What the client sends passes at once. Put it in front of Redis to
 * see what the bot does when every Redis call takes a second.
 *
 * <pre>{@code
 * try (var slow = LatencyProxy.forRedis(RedisTestServer.url())) {
 *     connect to slow.redisUrl();
 *     slow.latency(Duration.ofSeconds(1));
 * }
 * }</pre>
 */
public final class LatencyProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean closed;

    public LatencyProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the latency proxy", e);
        }
        Thread.ofVirtual().name("latency-proxy-accept").start(this::acceptLoop);
    }

    /** A proxy in front of the Redis at {@code redisUrl} ({@code redis://[:password@]host:port[/db]}). */
    public static LatencyProxy forRedis(String redisUrl) {
        URI uri = URI.create(redisUrl);
        return new LatencyProxy(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
    }

    /** {@code redisUrl} with this proxy as host and port; credentials and database stay. */
    public String redisUrl(String redisUrl) {
        URI uri = URI.create(redisUrl);
        try {
            return new URI(uri.getScheme(), uri.getUserInfo(), "127.0.0.1", port(), uri.getPath(), null, null)
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on, each read from the server reaches the client this much later. */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                continue; // closed, or a failed accept: the loop condition decides
            }
            sockets.add(client);
            Socket upstream;
            try {
                upstream = new Socket(targetHost, targetPort);
            } catch (IOException e) {
                closeQuietly(client); // the server is down: the client sees the connection refused, as it would
                continue;
            }
            sockets.add(upstream);
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                // only a latency tweak
            }
            BlockingQueue<Chunk> delayed = new LinkedBlockingQueue<>();
            Thread.ofVirtual().name("latency-proxy-up").start(() -> pump(client, upstream));
            Thread.ofVirtual().name("latency-proxy-read").start(() -> readInto(upstream, delayed));
            Thread.ofVirtual().name("latency-proxy-down").start(() -> release(delayed, client, upstream));
        }
    }

    private record Chunk(byte[] bytes, long dueNanos) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the connection ended
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void readInto(Socket from, BlockingQueue<Chunk> delayed) {
        try (InputStream in = from.getInputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                delayed.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + latency.toNanos()));
            }
        } catch (IOException e) {
            // the connection ended
        } finally {
            delayed.add(Chunk.END);
        }
    }

    private void release(BlockingQueue<Chunk> delayed, Socket to, Socket from) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk chunk = delayed.take();
                if (chunk == Chunk.END) {
                    break;
                }
                long wait = chunk.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException e) {
            // the connection ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(this::closeQuietly);
    }
}
