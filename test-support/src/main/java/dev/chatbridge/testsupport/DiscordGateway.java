package dev.chatbridge.testsupport;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake's websocket gateway (encoding json, no compression): HELLO, IDENTIFY, READY with the shard's guilds as
 * unavailable, then GUILD_CREATE for each; heartbeats are ACKed. A RESUME is answered with INVALID_SESSION, so the
 * client identifies again. IDENTIFY with an intent the application was not granted closes with 4014, as Discord
 * does for privileged intents that are not enabled in the developer portal.
 */
final class DiscordGateway {

    static final int HEARTBEAT_INTERVAL_MILLIS = 41_250;

    /** One identified connection. */
    record Session(int shardId, int shardTotal, long intents, WebSocket socket, AtomicInteger sequence) {}

    /** What a client sent: its opcode and payload. */
    record Frame(int op, JsonNode payload) {}

    private final DiscordWorld world;
    private final String token;
    private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    final List<Frame> received = new CopyOnWriteArrayList<>();
    volatile long disallowedIntents;
    volatile String gatewayUrl = "";

    DiscordGateway(DiscordWorld world, String token) {
        this.world = world;
        this.token = token;
    }

    WebSocketListener listener() {
        return new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket, Response response) {
                socket.send(Json.text(Json.object().put("op", 10).putNull("s").putNull("t")
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
                    case 6 -> socket.send(Json.text(Json.object().put("op", 9).put("d", false)));
                    default -> { } // presence updates, member requests: nothing to answer
                }
            }

            @Override
            public void onClosing(WebSocket socket, int code, String reason) {
                socket.close(code, null);
                sessions.values().removeIf(session -> session.socket() == socket);
            }

            @Override
            public void onFailure(WebSocket socket, Throwable failure, @Nullable Response response) {
                sessions.values().removeIf(session -> session.socket() == socket);
            }
        };
    }

    private void identify(WebSocket socket, JsonNode identify) {
        if (!token.equals(identify.path("token").asString(""))) {
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
        Session session = new Session(shardId, shardTotal, intents, socket, new AtomicInteger());
        sessions.put(shardId, session);
        ObjectNode ready = Json.object()
                .put("v", 10)
                .put("session_id", UUID.randomUUID().toString())
                .put("resume_gateway_url", gatewayUrl);
        ObjectNode bot = world.userJson(world.bot).put("verified", true).put("mfa_enabled", false).put("flags", 0);
        ready.set("user", bot);
        ready.set("shard", Json.array().add(shardId).add(shardTotal));
        ready.set("application", Json.object().put("id", world.applicationId).put("flags", 0));
        var unavailable = Json.array();
        List<DiscordWorld.Guild> guilds;
        synchronized (world) {
            guilds = world.guilds.values().stream().filter(guild -> shardOf(guild.id, shardTotal) == shardId).toList();
        }
        guilds.forEach(guild -> unavailable.add(Json.object().put("id", guild.id).put("unavailable", true)));
        ready.set("guilds", unavailable);
        for (String empty : List.of("private_channels", "relationships", "presences", "guild_join_requests")) {
            ready.set(empty, Json.array());
        }
        ready.set("user_settings", Json.object());
        send(session, "READY", ready);
        guilds.forEach(guild -> send(session, "GUILD_CREATE", world.guildCreateJson(guild)));
    }

    /** Dispatches an event to the session of the guild's shard (DMs: shard 0); false when none is connected. */
    boolean dispatch(@Nullable String guildId, String event, JsonNode payload) {
        for (Session session : sessions.values()) {
            int shard = guildId == null ? 0 : shardOf(guildId, session.shardTotal());
            if (session.shardId() == shard) {
                send(session, event, payload);
                return true;
            }
        }
        return false;
    }

    @Nullable Session session(int shardId) {
        return sessions.get(shardId);
    }

    int sessionCount() {
        return sessions.size();
    }

    /** Drops every connection as a network failure would; clients reconnect and identify again. */
    void dropConnections() {
        sessions.values().forEach(session -> session.socket().close(1001, "going away"));
        sessions.clear();
    }

    static int shardOf(String guildId, int shardTotal) {
        return (int) ((Long.parseLong(guildId) >> 22) % shardTotal);
    }

    private static void send(Session session, String event, JsonNode payload) {
        ObjectNode frame = Json.object().put("op", 0).put("s", session.sequence().incrementAndGet()).put("t", event);
        frame.set("d", payload);
        session.socket().send(Json.text(frame));
    }
}
