package dev.chatbridge.testsupport.discord;

import dev.chatbridge.testsupport.common.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake's websocket gateway (encoding json, no compression): HELLO, IDENTIFY, READY with the shard's guilds as
 * unavailable, then GUILD_CREATE for each; heartbeats are ACKed. IDENTIFY with an intent the application was not
 * granted closes with 4014, as Discord does for privileged intents that are not enabled in the developer portal.
 *
 * <p>As on Discord, a session outlives its connection: events for a disconnected session are kept, and a RESUME
 * with the session id and the last sequence number the client saw replays what it missed, then RESUMED. A client
 * that closed with 1000 or 1001 ended its session; resuming it, an unknown session, or one whose missed events are
 * no longer all kept gets INVALID_SESSION (d=false), and the client identifies anew.
 */
final class Gateway {

    static final int HEARTBEAT_INTERVAL_MILLIS = 41_250;
    /** Dispatches kept per session for a resume; Discord keeps a session's backlog for a few minutes. */
    private static final int REPLAY_LIMIT = 1000;

    /** One identified session: attached to a socket while connected, resumable after a drop. */
    static final class Session {
        private final String id = UUID.randomUUID().toString();
        private final int shardId;
        private final int shardTotal;
        private final long intents;
        private int sequence;
        private final Deque<ObjectNode> dispatched = new ArrayDeque<>();
        private @Nullable WebSocket socket;

        Session(int shardId, int shardTotal, long intents, WebSocket socket) {
            this.shardId = shardId;
            this.shardTotal = shardTotal;
            this.intents = intents;
            this.socket = socket;
        }

        int shardId() {
            return shardId;
        }

        int shardTotal() {
            return shardTotal;
        }

        long intents() {
            return intents;
        }

        synchronized boolean connected() {
            return socket != null;
        }

        /** Numbers and keeps the event, and sends it now if connected (else it waits for a resume). */
        synchronized void send(String event, JsonNode payload) {
            ObjectNode frame = Json.object().put("op", 0).put("s", ++sequence).put("t", event);
            frame.set("d", payload);
            dispatched.addLast(frame);
            if (dispatched.size() > REPLAY_LIMIT) {
                dispatched.pollFirst();
            }
            if (socket != null) {
                socket.send(Json.text(frame));
            }
        }

        /** Whether the events after {@code seen} are all still kept. */
        synchronized boolean canReplayAfter(long seen) {
            return seen <= sequence
                    && (dispatched.isEmpty() || dispatched.peekFirst().path("s").asLong() <= seen + 1);
        }

        /** Takes over the new connection: the events after {@code seen}, then RESUMED. */
        synchronized void resume(WebSocket newSocket, long seen) {
            socket = newSocket;
            dispatched.stream()
                    .filter(frame -> frame.path("s").asLong() > seen)
                    .forEach(frame -> newSocket.send(Json.text(frame)));
            send("RESUMED", Json.object());
        }

        /** The connection is gone; returns it (null when already detached). */
        synchronized @Nullable WebSocket detach() {
            WebSocket old = socket;
            socket = null;
            return old;
        }

        synchronized boolean on(WebSocket candidate) {
            return socket == candidate;
        }
    }

    /** What a client sent: its opcode and payload. */
    record Frame(int op, JsonNode payload) {}

    private final World world;
    private final String token;
    /** The latest session of each shard, connected or waiting for a resume. */
    private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();

    final List<Frame> received = new CopyOnWriteArrayList<>();
    volatile long disallowedIntents;
    volatile boolean rejectsToken;
    volatile String gatewayUrl = "";

    Gateway(World world, String token) {
        this.world = world;
        this.token = token;
    }

    WebSocketListener listener() {
        return new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket, Response response) {
                socket.send(Json.text(Json.object()
                        .put("op", 10)
                        .putNull("s")
                        .putNull("t")
                        .set("d", Json.object().put("heartbeat_interval", HEARTBEAT_INTERVAL_MILLIS))));
            }

            @Override
            public void onMessage(WebSocket socket, String text) {
                JsonNode frame = Json.parse(text);
                int op = frame.path("op").asInt(-1);
                received.add(new Frame(op, frame.path("d")));
                switch (op) {
                    case 1 -> socket.send(Json.text(Json.object().put("op", 11).putNull("d")));
                    case 2 -> identify(socket, frame.path("d"));
                    case 6 -> resume(socket, frame.path("d"));
                    default -> {} // presence updates, member requests: nothing to answer
                }
            }

            @Override
            public void onClosing(WebSocket socket, int code, String reason) {
                socket.close(code, null);
                // Closing with 1000 or 1001 ends the session on Discord; other codes leave it resumable.
                boolean ended = code == 1000 || code == 1001;
                sessions.values().removeIf(session -> {
                    if (!session.on(socket)) {
                        return false;
                    }
                    session.detach();
                    return ended;
                });
            }

            @Override
            public void onFailure(WebSocket socket, Throwable failure, @Nullable Response response) {
                sessions.values().stream().filter(session -> session.on(socket)).forEach(Session::detach);
            }
        };
    }

    private void resume(WebSocket socket, JsonNode resume) {
        if (!token.equals(resume.path("token").asString(""))) {
            socket.close(4004, "Authentication failed.");
            return;
        }
        String sessionId = resume.path("session_id").asString("");
        Session session = sessions.values().stream()
                .filter(s -> s.id.equals(sessionId))
                .findFirst()
                .orElse(null);
        long seen = resume.path("seq").asLong(0);
        if (session == null || !session.canReplayAfter(seen)) {
            socket.send(Json.text(Json.object().put("op", 9).put("d", false)));
            return;
        }
        WebSocket old = session.detach();
        if (old != null && old != socket) {
            old.close(4000, "resumed elsewhere"); // a half-dead connection the client gave up on
        }
        session.resume(socket, seen);
    }

    private void identify(WebSocket socket, JsonNode identify) {
        if (rejectsToken || !token.equals(identify.path("token").asString(""))) {
            socket.close(4004, "Authentication failed.");
            return;
        }
        long intents = identify.path("intents").asLong(0);
        if ((intents & disallowedIntents) != 0) {
            socket.close(4014, "Disallowed intent(s).");
            return;
        }
        JsonNode shard = identify.path("shard");
        int shardId = shard.isArray() ? shard.get(0).asInt() : 0;
        int shardTotal = shard.isArray() ? shard.get(1).asInt() : 1;
        Session session = new Session(shardId, shardTotal, intents, socket);
        Session replaced = sessions.put(shardId, session);
        if (replaced != null && !replaced.on(socket)) {
            replaced.detach();
        }
        ObjectNode ready =
                Json.object().put("v", 10).put("session_id", session.id).put("resume_gateway_url", gatewayUrl);
        ObjectNode bot = world.userJson(world.bot)
                .put("verified", true)
                .put("mfa_enabled", false)
                .put("flags", 0);
        ready.set("user", bot);
        ready.set("shard", Json.array().add(shardId).add(shardTotal));
        ready.set("application", Json.object().put("id", world.applicationId).put("flags", 0));
        var unavailable = Json.array();
        List<World.Guild> guilds;
        synchronized (world) {
            guilds = world.guilds.values().stream()
                    .filter(guild -> shardOf(guild.id, shardTotal) == shardId)
                    .toList();
        }
        guilds.forEach(
                guild -> unavailable.add(Json.object().put("id", guild.id).put("unavailable", true)));
        ready.set("guilds", unavailable);
        for (String empty : List.of("private_channels", "relationships", "presences", "guild_join_requests")) {
            ready.set(empty, Json.array());
        }
        ready.set("user_settings", Json.object());
        session.send("READY", ready);
        guilds.forEach(guild -> session.send("GUILD_CREATE", world.guildCreateJson(guild)));
    }

    /**
     * Dispatches an event to the session of the guild's shard (DMs: shard 0), or keeps it for that session's resume
     * while it is disconnected; false when there is no session at all.
     */
    boolean dispatch(@Nullable String guildId, String event, JsonNode payload) {
        for (Session session : sessions.values()) {
            int shard = guildId == null ? 0 : shardOf(guildId, session.shardTotal());
            if (session.shardId() == shard) {
                session.send(event, payload);
                return true;
            }
        }
        return false;
    }

    @Nullable
    Session session(int shardId) {
        return sessions.get(shardId);
    }

    /** Sessions connected now. */
    int sessionCount() {
        return (int) sessions.values().stream().filter(Session::connected).count();
    }

    /**
     * Closes every connection from the server side (1001, as Discord's load balancers do); the sessions stay
     * resumable. With {@code endSessions} they are forgotten too, so clients must identify anew.
     */
    void dropConnections(boolean endSessions) {
        sessions.values().forEach(session -> {
            WebSocket socket = session.detach();
            if (socket != null) {
                socket.close(1001, "going away");
            }
        });
        if (endSessions) {
            sessions.clear();
        }
    }

    static int shardOf(String guildId, int shardTotal) {
        return (int) ((Long.parseLong(guildId) >> 22) % shardTotal);
    }
}
