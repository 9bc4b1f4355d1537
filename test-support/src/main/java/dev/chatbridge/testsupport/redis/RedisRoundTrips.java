package dev.chatbridge.testsupport.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback TCP relay in front of Redis that sees every command the application sends, without MONITOR and
 * without changing anything in the app: the app's {@code REDIS_URL} points here (the benchmark and the tests
 * that count round trips). It counts round trips the way
 * the client experiences them: on each connection, a command sent while no reply is outstanding starts a round
 * trip; commands pipelined behind it (sent before its reply came back) ride along. Commands of unrelated
 * {@code background} work that happen to share the connection are nothing to ride along on.
 *
 * <p>To tell a pipeline from commands that waited for each other, the relay holds every reply for
 * {@link #REPLY_DELAY}: a client that pipelines has sent its next command long before that, one that waits
 * cannot have. Commands that Lua scripts run inside Redis never cross the wire, so they are not counted.
 */
public final class RedisRoundTrips implements AutoCloseable {

    /** One command as sent; {@code opensRoundTrip} is false for a pipelined one. */
    public record Command(long nanos, int connection, List<String> args, boolean opensRoundTrip) {
        public String name() {
            return args.isEmpty() ? "" : args.getFirst().toUpperCase(Locale.ROOT);
        }

        /** The first key: the second argument, or the first key of an EVAL/EVALSHA. */
        public String key() {
            if ((name().equals("EVALSHA") || name().equals("EVAL")) && args.size() > 3) {
                return args.get(3);
            }
            return args.size() > 1 ? args.get(1) : "";
        }
    }

    public static final Duration REPLY_DELAY = Duration.ofMillis(10);

    private final ServerSocket server;
    private final int redisPort;
    private final List<Command> commands = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Predicate<Command> background;

    public RedisRoundTrips(int redisPort, Predicate<Command> background) throws IOException {
        this.redisPort = redisPort;
        this.background = background;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().name("redis-relay-accept").start(this::accept);
    }

    public String url() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** Every command so far, in the order they were sent. */
    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    public synchronized int count() {
        return commands.size();
    }

    private synchronized void record(Command command) {
        commands.add(command);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket redis = new Socket(InetAddress.getByName("127.0.0.1"), redisPort);
                client.setTcpNoDelay(true);
                redis.setTcpNoDelay(true);
                int id = connections.incrementAndGet();
                ArrayDeque<Command> pending = new ArrayDeque<>();
                Thread.ofVirtual().name("redis-relay-up-" + id).start(() -> pumpCommands(id, client, redis, pending));
                Thread.ofVirtual().name("redis-relay-down-" + id).start(() -> pumpReplies(redis, client, pending));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void pumpCommands(int id, Socket client, Socket redis, ArrayDeque<Command> pending) {
        Resp parser = new Resp();
        try (InputStream in = client.getInputStream();
                OutputStream out = redis.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                parser.feed(buffer, read);
                List<String> args;
                // Recorded before forwarding, so the reply can never be counted before its command.
                while ((args = parser.nextCommand()) != null) {
                    synchronized (pending) {
                        boolean behindAnother = pending.stream().anyMatch(earlier -> !background.test(earlier));
                        Command command = new Command(System.nanoTime(), id, args, !behindAnother);
                        pending.addLast(command);
                        record(command);
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeQuietly(client, redis);
        }
    }

    private void pumpReplies(Socket redis, Socket client, ArrayDeque<Command> pending) {
        Resp parser = new Resp();
        try (InputStream in = redis.getInputStream();
                OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                Thread.sleep(REPLY_DELAY);
                parser.feed(buffer, read);
                int replies = parser.completeReplies();
                synchronized (pending) {
                    for (int i = 0; i < replies && !pending.isEmpty(); i++) {
                        pending.removeFirst();
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client, redis);
        }
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** An incremental RESP2/RESP3 reader: whole commands from the client, a count of whole replies from Redis. */
    static final class Resp {
        private byte[] data = new byte[0];
        private int start;

        void feed(byte[] chunk, int length) {
            byte[] joined = new byte[data.length - start + length];
            System.arraycopy(data, start, joined, 0, data.length - start);
            System.arraycopy(chunk, 0, joined, data.length - start, length);
            data = joined;
            start = 0;
        }

        /** The next complete command ({@code *N} of bulk strings), or null until more bytes arrive. */
        List<String> nextCommand() {
            if (start >= data.length) {
                return null;
            }
            if (data[start] != '*') {
                // An inline command: one line of words.
                int end = lineEnd(start);
                if (end < 0) {
                    return null;
                }
                String line = new String(data, start, end - start, StandardCharsets.UTF_8);
                start = end + 2;
                return List.of(line.trim().split("\\s+"));
            }
            int pos = start;
            int end = lineEnd(pos);
            if (end < 0) {
                return null;
            }
            int count = Integer.parseInt(ascii(pos + 1, end));
            pos = end + 2;
            List<String> args = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                end = lineEnd(pos);
                if (end < 0) {
                    return null;
                }
                int length = Integer.parseInt(ascii(pos + 1, end));
                pos = end + 2;
                if (pos + length + 2 > data.length) {
                    return null;
                }
                args.add(new String(data, pos, length, StandardCharsets.UTF_8));
                pos += length + 2;
            }
            start = pos;
            return args;
        }

        /** How many whole replies the bytes so far complete; push messages and attributes are not replies. */
        int completeReplies() {
            int replies = 0;
            while (start < data.length) {
                byte type = data[start];
                int end = skip(start);
                if (end < 0) {
                    break;
                }
                start = end;
                if (type != '>' && type != '|') {
                    replies++;
                }
            }
            return replies;
        }

        /** The position after the value at {@code pos}, or -1 if it is not complete yet. */
        private int skip(int pos) {
            if (pos >= data.length) {
                return -1;
            }
            int end = lineEnd(pos);
            if (end < 0) {
                return -1;
            }
            byte type = data[pos];
            int next = end + 2;
            switch (type) {
                case '$', '!', '=' -> {
                    long length = Long.parseLong(ascii(pos + 1, end));
                    if (length < 0) {
                        return next;
                    }
                    return next + length + 2 <= data.length ? (int) (next + length + 2) : -1;
                }
                case '*', '~', '>', '%', '|' -> {
                    long count = Long.parseLong(ascii(pos + 1, end));
                    if (type == '%' || type == '|') {
                        count *= 2;
                    }
                    for (long i = 0; i < count; i++) {
                        next = skip(next);
                        if (next < 0) {
                            return -1;
                        }
                    }
                    return next;
                }
                default -> {
                    return next; // + - : _ , # ( and anything line-shaped
                }
            }
        }

        private int lineEnd(int from) {
            for (int i = from; i + 1 < data.length; i++) {
                if (data[i] == '\r' && data[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private String ascii(int from, int to) {
            return new String(data, from, to - from, StandardCharsets.US_ASCII);
        }
    }
}
