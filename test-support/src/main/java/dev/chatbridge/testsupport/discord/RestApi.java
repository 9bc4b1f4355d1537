package dev.chatbridge.testsupport.discord;

import dev.chatbridge.testsupport.common.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake's REST API below {@code /api/v10/}: the routes JDA uses for a text bot. It checks the bot token,
 * permissions, Discord's message limits ({@link MessageLimits}), the 3-second interaction acknowledgement and the
 * 15-minute interaction token, and the message bucket of 5 creates or edits per 5 s per channel, answering 429 with
 * {@code retry_after} and the {@code X-RateLimit-*} headers (and {@code Via}, without which JDA assumes a Cloudflare
 * ban).
 */
final class RestApi {

    static final String ROOT = "/api/v10/";
    private static final int BUCKET_SIZE = 5;
    private static final Duration BUCKET_WINDOW = Duration.ofSeconds(5);
    /**
     * The bucket hash of message creates and edits. Like Discord's, it names the route's limit, not the channel:
     * clients key the bucket by hash plus channel id (the major parameter).
     */
    private static final String MESSAGES_BUCKET = "3c5c6e3d4b2f5a8e9d1c0b7a6f4e2d19";

    private final World world;
    private final Gateway gateway;
    private final String token;
    final List<RestCall> calls = new CopyOnWriteArrayList<>();
    final Map<String, DispatchedInteraction> interactions = new ConcurrentHashMap<>();
    final Map<String, JsonNode> commands = new ConcurrentHashMap<>();
    final AtomicInteger rateLimited = new AtomicInteger();
    private final Map<String, Deque<Long>> buckets = new ConcurrentHashMap<>();
    volatile Duration ackDeadline = Duration.ofSeconds(3);
    volatile Duration tokenLifetime = Duration.ofMinutes(15);

    RestApi(World world, Gateway gateway, String token) {
        this.world = world;
        this.gateway = gateway;
        this.token = token;
    }

    /** A reply before it is sent: status, JSON body (null for 204) and extra headers. */
    private record Reply(int status, @Nullable JsonNode body, Map<String, String> headers) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body, Map.of());
        }

        static Reply noContent() {
            return new Reply(204, null, Map.of());
        }

        static Reply error(int status, int code, String message) {
            return new Reply(status, Json.object().put("message", message).put("code", code), Map.of());
        }
    }

    MockResponse handle(RecordedRequest request) {
        String route = request.getUrl().encodedPath().substring(ROOT.length());
        String[] parts = route.split("/");
        String method = request.getMethod();
        Parsed parsed;
        try {
            parsed = parse(request);
        } catch (IOException | RuntimeException e) {
            return respond(
                    Reply.error(400, 50109, "The request body contains invalid JSON."),
                    route,
                    method,
                    Json.object(),
                    List.of());
        }
        boolean interactionRoute = parts[0].equals("interactions") || parts[0].equals("webhooks");
        String authorization = request.getHeaders().get("Authorization");
        Reply reply;
        if (!interactionRoute && !("Bot " + token).equals(authorization)) {
            reply = Reply.error(401, 0, "401: Unauthorized");
        } else {
            reply = route(method, parts, parsed);
        }
        return respond(reply, route, method, parsed.body(), parsed.files());
    }

    private MockResponse respond(Reply reply, String route, String method, JsonNode body, List<String> files) {
        calls.add(new RestCall(method, route, body, files, reply.status()));
        MockResponse.Builder response = new MockResponse.Builder().code(reply.status());
        if (!reply.headers().containsKey("X-RateLimit-Limit")) {
            response.addHeader("X-RateLimit-Limit", "50")
                    .addHeader("X-RateLimit-Remaining", "49")
                    .addHeader("X-RateLimit-Reset-After", "1.000")
                    .addHeader(
                            "X-RateLimit-Reset",
                            String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0 + 1))
                    .addHeader(
                            "X-RateLimit-Bucket",
                            Integer.toHexString(
                                    route.replaceAll("\\d{6,}", "id").hashCode()));
        }
        reply.headers().forEach(response::addHeader);
        if (reply.body() != null) {
            response.addHeader("Content-Type", "application/json").body(Json.text(reply.body()));
        }
        return response.build();
    }

    private Reply route(String method, String[] p, Parsed parsed) {
        JsonNode body = parsed.body();
        String key = method + " " + routeKey(p);
        return switch (key) {
            case "GET users/@me" ->
                Reply.ok(world.userJson(world.bot)
                        .put("verified", true)
                        .put("mfa_enabled", false)
                        .put("flags", 0));
            case "GET gateway/bot" ->
                Reply.ok(Json.object()
                        .put("url", gateway.gatewayUrl)
                        .put("shards", 1)
                        .set(
                                "session_start_limit",
                                Json.object()
                                        .put("total", 1000)
                                        .put("remaining", 999)
                                        .put("reset_after", 0)
                                        .put("max_concurrency", 1)));
            case "GET gateway" -> Reply.ok(Json.object().put("url", gateway.gatewayUrl));
            case "GET applications/@me", "GET oauth2/applications/@me" ->
                Reply.ok(Json.object()
                        .put("id", world.applicationId)
                        .put("name", world.bot.name())
                        .put("flags", 0)
                        .put("bot_public", true)
                        .put("bot_require_code_grant", false)
                        .put("description", "")
                        .putNull("icon"));
            case "PUT applications/{id}/commands" -> putCommands(null, body);
            case "PUT applications/{id}/guilds/{id}/commands" -> putCommands(p[3], body);
            case "POST users/@me/channels" ->
                Reply.ok(
                        world.channelJson(world.dmWith(body.path("recipient_id").asString())));
            case "GET channels/{id}" ->
                channel(p[1]) == null
                        ? Reply.error(404, 10003, "Unknown Channel")
                        : Reply.ok(world.channelJson(channel(p[1])));
            case "POST channels/{id}/typing" ->
                channel(p[1]) == null ? Reply.error(404, 10003, "Unknown Channel") : Reply.noContent();
            case "POST channels/{id}/messages" -> createMessage(p[1], parsed);
            case "PATCH channels/{id}/messages/{id}" -> editMessage(p[1], p[3], parsed);
            case "GET channels/{id}/messages/{id}" -> {
                World.Message message = message(p[1], p[3]);
                yield message == null
                        ? Reply.error(404, 10008, "Unknown Message")
                        : Reply.ok(world.messageJson(message));
            }
            case "DELETE channels/{id}/messages/{id}" -> {
                World.Message message = message(p[1], p[3]);
                if (message == null) {
                    yield Reply.error(404, 10008, "Unknown Message");
                }
                message.deleted = true;
                yield Reply.noContent();
            }
            case "POST channels/{id}/messages/{id}/threads" -> startThread(p[1], p[3], body);
            case "POST interactions/{id}/{token}/callback" -> callback(p[1], p[2], body, parsed.files());
            case "POST webhooks/{id}/{token}" -> followup(p[2], parsed);
            case "PATCH webhooks/{id}/{token}/messages/{id}" -> editWebhookMessage(p[2], p[4], body);
            case "DELETE webhooks/{id}/{token}/messages/{id}" -> deleteWebhookMessage(p[2], p[4]);
            case "GET webhooks/{id}/{token}/messages/{id}" -> {
                DispatchedInteraction interaction = byToken(p[2]);
                String id = p[4].equals("@original") && interaction != null ? interaction.originalMessageId : p[4];
                World.Message message = id == null ? null : world.messages.get(id);
                yield message == null
                        ? Reply.error(404, 10008, "Unknown Message")
                        : Reply.ok(world.messageJson(message));
            }
            default -> Reply.error(404, 0, "404: Not Found (" + key + ")");
        };
    }

    /** The route with its ids and tokens as placeholders, e.g. {@code interactions/{id}/{token}/callback}. */
    private static String routeKey(String[] parts) {
        String[] key = parts.clone();
        boolean tokenRoute = key[0].equals("interactions") || key[0].equals("webhooks");
        for (int i = 0; i < key.length; i++) {
            if (tokenRoute && i == 2) {
                key[i] = "{token}";
            } else if (key[i].matches("\\d+") || key[i].equals("@original")) {
                key[i] = "{id}";
            }
        }
        return String.join("/", key);
    }

    private Reply putCommands(@Nullable String guildId, JsonNode body) {
        if (!body.isArray() || body.size() > 100) {
            return Reply.error(400, 50035, "Invalid Form Body: at most 100 commands");
        }
        ArrayNode registered = Json.array();
        for (JsonNode command : body) {
            String name = command.path("name").asString("");
            String description = command.path("description").asString("");
            if (!name.matches("[-_\\p{Ll}\\p{N}]{1,32}")
                    || description.isEmpty()
                    || description.length() > 100
                    || command.path("options").size() > 25) {
                return Reply.error(400, 50035, "Invalid Form Body: command " + name);
            }
            boolean optionalSeen = false;
            for (JsonNode option : command.path("options")) {
                boolean required = option.path("required").asBoolean(false);
                String optionDescription = option.path("description").asString("");
                if ((required && optionalSeen) || optionDescription.isEmpty() || optionDescription.length() > 100) {
                    // Discord: "Required options must be placed before non-required options", descriptions 1-100.
                    return Reply.error(400, 50035, "Invalid Form Body: options of " + name);
                }
                optionalSeen |= !required;
            }
            ObjectNode copy = (ObjectNode) command.deepCopy();
            copy.put("id", world.newId())
                    .put("application_id", world.applicationId)
                    .put("version", world.newId())
                    .put("type", command.path("type").asInt(1))
                    .put("nsfw", false);
            if (!copy.has("default_member_permissions")) {
                copy.putNull("default_member_permissions"); // Discord answers null: everyone may use it
            }
            if (guildId != null) {
                copy.put("guild_id", guildId);
            }
            registered.add(copy);
        }
        commands.put(guildId == null ? "global" : guildId, registered);
        return Reply.ok(registered);
    }

    private Reply createMessage(String channelId, Parsed parsed) {
        World.Channel channel = channel(channelId);
        if (channel == null) {
            return Reply.error(404, 10003, "Unknown Channel");
        }
        long needed = World.VIEW_CHANNEL
                | (channel.type == World.PUBLIC_THREAD ? World.SEND_MESSAGES_IN_THREADS : World.SEND_MESSAGES)
                | (parsed.files().isEmpty() ? 0 : World.ATTACH_FILES);
        if ((world.botPermissions(channel) & needed) != needed) {
            return Reply.error(403, 50013, "Missing Permissions");
        }
        Reply limited = throttle(channelId);
        if (limited != null) {
            return limited;
        }
        JsonNode body = parsed.body();
        List<String> problems = MessageLimits.violations(body);
        if (problems.isEmpty()
                && body.path("content").asString("").isEmpty()
                && parsed.files().isEmpty()
                && body.path("embeds").isEmpty()
                && body.path("components").isEmpty()) {
            problems = List.of("Cannot send an empty message");
        }
        if (!problems.isEmpty()) {
            return invalidForm(problems);
        }
        String replyTo = body.path("message_reference").path("message_id").asString(null);
        if (replyTo != null
                && world.messages.get(replyTo) == null
                && body.path("message_reference").path("fail_if_not_exists").asBoolean(true)) {
            return invalidForm(List.of("message_reference: Unknown message"));
        }
        World.Message message = world.addMessage(
                channelId,
                world.bot.id(),
                body.path("content").asString(""),
                arrayOr(body.path("components")),
                embedsOf(body),
                parsed.files(),
                replyTo);
        return withBucket(Reply.ok(world.messageJson(message)), channelId);
    }

    private Reply editMessage(String channelId, String messageId, Parsed parsed) {
        JsonNode body = parsed.body();
        World.Message message = message(channelId, messageId);
        if (message == null) {
            return Reply.error(404, 10008, "Unknown Message");
        }
        if (!message.authorId.equals(world.bot.id())) {
            return Reply.error(403, 50005, "Cannot edit a message authored by another user");
        }
        Reply limited = throttle(channelId);
        if (limited != null) {
            return limited;
        }
        Reply applied = apply(message, body, parsed.files());
        return applied.status() == 200 ? withBucket(applied, channelId) : applied;
    }

    private Reply apply(World.Message message, JsonNode body) {
        return apply(message, body, List.of());
    }

    /**
     * An edit. With {@code attachments}, the message keeps exactly those: new uploads (named in the multipart
     * parts) and, named by file name here, the ones it had; without it, its attachments stay as they are.
     */
    private Reply apply(World.Message message, JsonNode body, List<String> uploaded) {
        List<String> problems = MessageLimits.violations(body);
        if (!problems.isEmpty()) {
            return invalidForm(problems);
        }
        synchronized (world) {
            if (body.has("content")) {
                message.content = body.path("content").asString("");
                message.history.add(message.content);
            }
            if (body.has("components")) {
                message.components = arrayOr(body.path("components"));
            }
            if (body.has("embeds")) {
                message.embeds = embedsOf(body);
                message.embedHistory.add(message.embeds);
            }
            if (body.has("attachments")) {
                List<String> kept = new ArrayList<>();
                for (JsonNode attachment : body.path("attachments")) {
                    String name = attachment.path("filename").asString("");
                    if (uploaded.contains(name) || message.attachments.contains(name)) {
                        kept.add(name);
                    }
                }
                message.attachments = List.copyOf(kept);
            }
            message.flags &= ~128; // no longer "thinking…"
        }
        return Reply.ok(world.messageJson(message));
    }

    private Reply startThread(String channelId, String messageId, JsonNode body) {
        World.Channel parent = channel(channelId);
        if (parent == null || message(channelId, messageId) == null) {
            return Reply.error(404, 10008, "Unknown Message");
        }
        if (parent.type != World.GUILD_TEXT) {
            return Reply.error(400, 50024, "Cannot execute action on this channel type");
        }
        if ((world.botPermissions(parent) & World.CREATE_PUBLIC_THREADS) == 0) {
            return Reply.error(403, 50013, "Missing Permissions");
        }
        String name = body.path("name").asString("");
        if (name.isEmpty() || name.length() > 100) {
            return invalidForm(List.of("name: Must be between 1 and 100 in length."));
        }
        World.Channel thread =
                world.addChannel(World.PUBLIC_THREAD, parent.guildId, parent.id, world.bot.id(), name, null);
        ObjectNode json = world.channelJson(thread);
        gateway.dispatch(parent.guildId, "THREAD_CREATE", json.deepCopy().put("newly_created", true));
        return Reply.ok(json);
    }

    private Reply callback(String interactionId, String interactionToken, JsonNode body, List<String> files) {
        DispatchedInteraction interaction = interactions.get(interactionId);
        if (interaction == null || !interaction.token.equals(interactionToken)) {
            return Reply.error(404, 10062, "Unknown interaction");
        }
        Duration after = Duration.ofNanos(System.nanoTime() - interaction.dispatchedAtNanos);
        synchronized (interaction) {
            if (after.compareTo(ackDeadline) > 0) {
                return Reply.error(404, 10062, "Unknown interaction");
            }
            if (interaction.acknowledged()) {
                return Reply.error(400, 40060, "Interaction has already been acknowledged.");
            }
            int type = body.path("type").asInt();
            JsonNode data = body.path("data");
            boolean ephemeral = (data.path("flags").asInt(0) & 64) != 0;
            World.Message message = null;
            switch (type) {
                case 4, 5 -> {
                    List<String> problems = MessageLimits.violations(data);
                    if (!problems.isEmpty()) {
                        return invalidForm(problems);
                    }
                    message = world.addMessage(
                            interaction.channelId,
                            world.bot.id(),
                            type == 4 ? data.path("content").asString("") : "",
                            arrayOr(data.path("components")),
                            embedsOf(data),
                            files,
                            null);
                    message.flags = (ephemeral ? 64 : 0) | (type == 5 ? 128 : 0);
                    interaction.originalMessageId = message.id;
                }
                case 6, 7 -> {}
                case 9 -> {
                    // A modal answers only a command or a component press, and only as the first response.
                    if (interaction.type != 2 && interaction.type != 3) {
                        return invalidForm(
                                List.of("type: a modal cannot answer an interaction of type " + interaction.type));
                    }
                    List<String> problems = ModalLimits.violations(data);
                    if (!problems.isEmpty()) {
                        return invalidForm(problems);
                    }
                    interaction.modal = data.deepCopy();
                }
                case 8 -> {
                    JsonNode choices = data.path("choices");
                    if (choices.size() > 25) {
                        return invalidForm(List.of("data.choices: Must be 25 or fewer in length."));
                    }
                    interaction.choices = choices;
                }
                default -> {
                    return invalidForm(List.of("type: unsupported callback type " + type));
                }
            }
            interaction.callbackType = type;
            interaction.ackedAfter = after;
            interaction.ephemeral = ephemeral;
            ObjectNode response = Json.object();
            ObjectNode summary = Json.object()
                    .put("id", interaction.id)
                    .put("type", interaction.type)
                    .put("response_message_loading", type == 5)
                    .put("response_message_ephemeral", ephemeral);
            if (message != null) {
                summary.put("response_message_id", message.id);
            }
            response.set("interaction", summary);
            ObjectNode resource = Json.object().put("type", type);
            if (message != null) {
                resource.set("message", world.messageJson(message));
            }
            response.set("resource", resource);
            return Reply.ok(response);
        }
    }

    private Reply followup(String interactionToken, Parsed parsed) {
        DispatchedInteraction interaction = byToken(interactionToken);
        Reply invalid = checkToken(interaction);
        if (invalid != null) {
            return invalid;
        }
        List<String> problems = MessageLimits.violations(parsed.body());
        if (!problems.isEmpty()) {
            return invalidForm(problems);
        }
        JsonNode body = parsed.body();
        World.Message message = world.addMessage(
                interaction.channelId,
                world.bot.id(),
                body.path("content").asString(""),
                arrayOr(body.path("components")),
                embedsOf(body),
                parsed.files(),
                null);
        message.flags = body.path("flags").asInt(0) & 64;
        return Reply.ok(world.messageJson(message));
    }

    private Reply editWebhookMessage(String interactionToken, String messageId, JsonNode body) {
        DispatchedInteraction interaction = byToken(interactionToken);
        Reply invalid = checkToken(interaction);
        if (invalid != null) {
            return invalid;
        }
        boolean byOriginalRoute = messageId.equals("@original");
        String id = byOriginalRoute ? interaction.originalMessageId : messageId;
        World.Message message = id == null ? null : world.messages.get(id);
        if (message == null || message.deleted) {
            return Reply.error(404, 10008, "Unknown Message");
        }
        Reply applied = apply(message, body);
        if (applied.status() == 200 && id.equals(interaction.originalMessageId)) {
            // Discord documents @original for the original response; tests check which route the bot took.
            (byOriginalRoute ? interaction.originalEditsByRoute : interaction.originalEditsById).incrementAndGet();
        }
        return applied;
    }

    private Reply deleteWebhookMessage(String interactionToken, String messageId) {
        DispatchedInteraction interaction = byToken(interactionToken);
        Reply invalid = checkToken(interaction);
        if (invalid != null) {
            return invalid;
        }
        String id = messageId.equals("@original") ? interaction.originalMessageId : messageId;
        World.Message message = id == null ? null : world.messages.get(id);
        if (message == null || message.deleted) {
            return Reply.error(404, 10008, "Unknown Message");
        }
        message.deleted = true;
        return Reply.noContent();
    }

    private @Nullable Reply checkToken(@Nullable DispatchedInteraction interaction) {
        if (interaction == null || System.nanoTime() - interaction.dispatchedAtNanos > tokenLifetime.toNanos()) {
            return Reply.error(401, 50027, "Invalid Webhook Token");
        }
        if (!interaction.acknowledged()) {
            return Reply.error(404, 10015, "Unknown Webhook");
        }
        return null;
    }

    /** Discord's message bucket: 5 creates or edits per 5 s per channel. */
    private @Nullable Reply throttle(String channelId) {
        Deque<Long> bucket = buckets.computeIfAbsent(channelId, id -> new ArrayDeque<>());
        synchronized (bucket) {
            long now = System.nanoTime();
            while (!bucket.isEmpty() && now - bucket.peekFirst() >= BUCKET_WINDOW.toNanos()) {
                bucket.pollFirst();
            }
            if (bucket.size() < BUCKET_SIZE) {
                bucket.addLast(now);
                return null;
            }
            rateLimited.incrementAndGet();
            double retryAfter = Math.max(0.001, (bucket.peekFirst() + BUCKET_WINDOW.toNanos() - now) / 1e9);
            String seconds = String.format(Locale.ROOT, "%.3f", retryAfter);
            JsonNode body = Json.object()
                    .put("message", "You are being rate limited.")
                    .put("retry_after", retryAfter)
                    .put("global", false);
            return new Reply(
                    429,
                    body,
                    Map.of(
                            "Retry-After",
                            Long.toString((long) Math.ceil(retryAfter)),
                            "X-RateLimit-Limit",
                            Integer.toString(BUCKET_SIZE),
                            "X-RateLimit-Remaining",
                            "0",
                            "X-RateLimit-Reset-After",
                            seconds,
                            "X-RateLimit-Reset",
                            String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0 + retryAfter),
                            "X-RateLimit-Bucket",
                            MESSAGES_BUCKET,
                            "X-RateLimit-Scope",
                            "user",
                            "Via",
                            "1.1 google"));
        }
    }

    /** Uses up a channel's message bucket now, as another client on the same bot token would. */
    void exhaustBucket(String channelId) {
        Deque<Long> bucket = buckets.computeIfAbsent(channelId, id -> new ArrayDeque<>());
        synchronized (bucket) {
            long now = System.nanoTime();
            while (bucket.size() < BUCKET_SIZE) {
                bucket.addLast(now);
            }
        }
    }

    private Reply withBucket(Reply reply, String channelId) {
        Deque<Long> bucket = buckets.get(channelId);
        int remaining;
        double resetAfter;
        synchronized (bucket) {
            remaining = BUCKET_SIZE - bucket.size();
            resetAfter =
                    bucket.isEmpty() ? 0 : (bucket.peekFirst() + BUCKET_WINDOW.toNanos() - System.nanoTime()) / 1e9;
        }
        return new Reply(
                reply.status(),
                reply.body(),
                Map.of(
                        "X-RateLimit-Limit", Integer.toString(BUCKET_SIZE),
                        "X-RateLimit-Remaining", Integer.toString(Math.max(0, remaining)),
                        "X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", Math.max(0, resetAfter)),
                        "X-RateLimit-Reset",
                                String.format(
                                        Locale.ROOT,
                                        "%.3f",
                                        System.currentTimeMillis() / 1000.0 + Math.max(0, resetAfter)),
                        "X-RateLimit-Bucket", MESSAGES_BUCKET));
    }

    private static Reply invalidForm(List<String> problems) {
        ObjectNode body = Json.object().put("message", "Invalid Form Body").put("code", 50035);
        ArrayNode errors = Json.array();
        problems.forEach(errors::add);
        body.set("errors", errors);
        return new Reply(400, body, Map.of());
    }

    private World.@Nullable Channel channel(String id) {
        synchronized (world) {
            return world.channels.get(id);
        }
    }

    private World.@Nullable Message message(String channelId, String messageId) {
        synchronized (world) {
            World.Message message = world.messages.get(messageId);
            // Ephemeral messages live only in the interaction: the channel routes do not know them.
            return message == null
                            || message.deleted
                            || (message.flags & 64) != 0
                            || !message.channelId.equals(channelId)
                    ? null
                    : message;
        }
    }

    private @Nullable DispatchedInteraction byToken(String interactionToken) {
        return interactions.values().stream()
                .filter(i -> i.token.equals(interactionToken))
                .findFirst()
                .orElse(null);
    }

    /** The embeds as Discord stores them: every one gets {@code type: "rich"}, which JDA 6 expects back. */
    private static JsonNode embedsOf(JsonNode body) {
        ArrayNode embeds = Json.array();
        for (JsonNode embed : body.path("embeds")) {
            ObjectNode stored = embed.isObject() ? ((ObjectNode) embed).deepCopy() : Json.object();
            if (!stored.has("type")) {
                stored.put("type", "rich");
            }
            embeds.add(stored);
        }
        return embeds;
    }

    private static JsonNode arrayOr(JsonNode node) {
        return node.isArray() ? node : Json.array();
    }

    /** A request body: JSON, or a multipart upload's payload_json and file names. */
    private record Parsed(JsonNode body, List<String> files) {}

    private static Parsed parse(RecordedRequest request) throws IOException {
        ByteString raw = request.getBody();
        if (raw == null || raw.size() == 0) {
            return new Parsed(Json.object(), List.of());
        }
        String contentType = String.valueOf(request.getHeaders().get("Content-Type"));
        if (!contentType.startsWith("multipart/form-data")) {
            return new Parsed(Json.parse(raw.toByteArray()), List.of());
        }
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        JsonNode payload = Json.object();
        List<String> files = new ArrayList<>();
        try (MultipartReader reader = new MultipartReader(new Buffer().write(raw), boundary)) {
            MultipartReader.Part part;
            while ((part = reader.nextPart()) != null) {
                String disposition = String.valueOf(part.headers().get("Content-Disposition"));
                if (disposition.contains("name=\"payload_json\"")) {
                    payload = Json.parse(part.body().readUtf8());
                } else {
                    int at = disposition.indexOf("filename=\"");
                    files.add(at < 0 ? "file" : disposition.substring(at + 10, disposition.indexOf('"', at + 10)));
                    part.body().readByteArray();
                }
            }
        }
        return new Parsed(payload, files);
    }
}
