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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HttpConnectProxy} and {@link Socks5Proxy} share: a listener on 127.0.0.1 with a virtual thread per
 * connection, its own "DNS" (host names that do not resolve on this machine, such as {@code api.telegram.test},
 * answered by a fake on 127.0.0.1; so only a client that goes through the proxy reaches the fake), optional
 * credentials, and counters: which hosts clients asked for, how many tunnels were opened, how many attempts were
 * refused for missing or wrong credentials.
 */
public abstract sealed class CountingProxy implements AutoCloseable permits HttpConnectProxy, Socks5Proxy {

    private final ServerSocket server;
    private final Map<String, Integer> hosts = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final AtomicInteger tunnels = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile @Nullable String user;
    private volatile @Nullable String password;
    private volatile boolean closed;

    protected CountingProxy() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name(getClass().getSimpleName() + "-accept").start(this::accept);
    }

    /** Connections for {@code host} (any port) go to the fake listening at {@code url}'s port on 127.0.0.1. */
    public CountingProxy route(String host, String url) {
        hosts.put(host.toLowerCase(Locale.ROOT), URI.create(url).getPort());
        return this;
    }

    /** Clients must send these credentials from now on. */
    public CountingProxy requireCredentials(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The proxy's URL with the given credentials ({@code null}: none), e.g. {@code socks5://u:p@127.0.0.1:1234}. */
    public abstract String url(@Nullable String user, @Nullable String password);

    public String url() {
        return url(null, null);
    }

    /** Tunnels opened (one per proxied connection), whatever the target. */
    public int tunnels() {
        return tunnels.get();
    }

    /** Tunnels opened to {@code host}. */
    public long tunnelsTo(String host) {
        return requested.stream().filter(host::equalsIgnoreCase).count();
    }

    /** The hosts tunnels were opened to, in order. */
    public List<String> requestedHosts() {
        return List.copyOf(requested);
    }

    /** Attempts refused for missing or wrong credentials. */
    public int refusedCredentials() {
        return refused.get();
    }

    protected boolean credentialsRequired() {
        return user != null;
    }

    protected boolean accepts(@Nullable String givenUser, @Nullable String givenPassword) {
        boolean ok = !credentialsRequired() || (user.equals(givenUser) && password.equals(givenPassword));
        if (!ok) {
            refused.incrementAndGet();
        }
        return ok;
    }

    /** Opens the connection a client asked for, through this proxy's own name table; null when the host is unknown. */
    protected @Nullable Socket connect(String host, int port) {
        String name = host.toLowerCase(Locale.ROOT);
        Integer mapped = hosts.get(name);
        InetSocketAddress target;
        if (mapped != null) {
            target = new InetSocketAddress(InetAddress.getLoopbackAddress(), mapped);
        } else if (name.equals("127.0.0.1") || name.equals("localhost")) {
            target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        } else {
            return null;
        }
        try {
            Socket socket = new Socket();
            socket.connect(target, 5000);
            sockets.add(socket);
            tunnels.incrementAndGet();
            requested.add(name);
            return socket;
        } catch (IOException e) {
            return null;
        }
    }

    /** Serves one client connection: the handshake, then {@link #pipe}. */
    protected abstract void serve(Socket client) throws IOException;

    /** Copies both ways until either side closes. */
    protected void pipe(Socket client, Socket upstream, InputStream fromClient) {
        Thread copier = Thread.ofVirtual().start(() -> copy(fromClient, output(upstream), upstream));
        try {
            copy(upstream.getInputStream(), client.getOutputStream(), client);
        } catch (IOException e) {
            // closed
        } finally {
            closeQuietly(upstream);
            closeQuietly(client);
            copier.interrupt();
        }
    }

    private static @Nullable OutputStream output(Socket socket) {
        try {
            return socket.getOutputStream();
        } catch (IOException e) {
            return null;
        }
    }

    private static void copy(InputStream in, @Nullable OutputStream out, Socket shutOnEnd) {
        if (out == null) {
            return;
        }
        byte[] buffer = new byte[16 * 1024];
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                out.flush();
            }
            shutOnEnd.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(shutOnEnd);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().start(() -> {
                    try {
                        serve(client);
                    } catch (IOException e) {
                        closeQuietly(client);
                    }
                });
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    protected static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already gone
        }
        sockets.forEach(CountingProxy::closeQuietly);
    }
}
