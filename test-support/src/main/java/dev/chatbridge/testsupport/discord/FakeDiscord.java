package dev.chatbridge.testsupport.discord;

import dev.chatbridge.testsupport.common.Await;
import dev.chatbridge.testsupport.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake Discord on 127.0.0.1: the REST API under {@link #apiUrl()} and the websocket gateway at
 * {@link #gatewayUrl()}, enough for the real JDA client to log in, receive messages and interactions, and answer
 * them. It starts with one guild ("Test Guild") with one text channel ("general"). Tests act as users
 * ({@link #userSays}, {@link #userDms}, {@link #slashCommand}, {@link #pressButton}, {@link #autocomplete}) and read
 * back what the bot did ({@link #messages}, {@link #calls}, {@link DispatchedInteraction}). It enforces the limits of
 * shared/WIRE.md: 2000 characters of content, 100-character custom_ids, 5 buttons per row and 5 rows, the 3-second
 * interaction acknowledgement (later: 404 Unknown interaction), the 15-minute interaction token, permissions, and
 * 5 message creates or edits per 5 s per channel (429 with retry_after and X-RateLimit headers). Gateway sessions
 * survive a dropped connection: a client that resumes gets the events it missed ({@link #dropGatewayConnections},
 * {@link #takeGatewayDown}).
 *
 * <pre>{@code
 * try (var discord = new FakeDiscord("bot-token")) {
 *     // JDA: RestConfig().setBaseUrl(discord.apiUrl()), a SessionController whose gateway is discord.gatewayUrl(),
 *     // Compression.NONE; then:
 *     discord.awaitSessions(1, Duration.ofSeconds(10));
 *     discord.userDms(discord.user("alice"), "hello");
 * }
 * }</pre>
 */
public final class FakeDiscord implements AutoCloseable {
    /** Every permission bit Discord defines today (through bit 50). */
    private static final long ALL_PERMISSIONS = (1L << 51) - 1;

    /** The privileged MESSAGE_CONTENT intent (1 << 15). */
    public static final long MESSAGE_CONTENT_INTENT = 1L << 15;
    /** Message flag of a voice message. */
    public static final int IS_VOICE_MESSAGE = 1 << 13;

    private final String botToken;
    private final World world = new World("chatbridge");
    private final Gateway gateway;
    private final RestApi rest;
    private final MockWebServer server = new MockWebServer();
    private final String guildId;
    private final String generalChannelId;
    private volatile boolean gatewayDown;
    /** Files users gave in slash commands' attachment options, by "attachment id/file name". */
    private final Map<String, byte[]> uploads = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicInteger attachmentDownloads =
            new java.util.concurrent.atomic.AtomicInteger();

    public FakeDiscord(String botToken) {
        this(botToken, 0);
    }

    /**
     * On a given port (0: any free one): JDA told about {@link #apiUrl(int)} and {@link #gatewayUrl(int)} before this
     * fake exists finds Discord unreachable until it starts.
     */
    public FakeDiscord(String botToken, int port) {
        this.botToken = botToken;
        this.gateway = new Gateway(world, botToken);
        this.rest = new RestApi(world, gateway, botToken);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.equals("/gateway")) {
                    return gatewayDown
                            ? new MockResponse.Builder().code(503).build()
                            : new MockResponse.Builder()
                                    .webSocketUpgrade(gateway.listener())
                                    .build();
                }
                if (path.startsWith(RestApi.ROOT)) {
                    return rest.handle(request);
                }
                if (path.startsWith("/attachments/")) {
                    return attachment(path);
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        try {
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the fake Discord on 127.0.0.1", e);
        }
        gateway.gatewayUrl = gatewayUrl();
        world.cdnBase = "http://127.0.0.1:" + server.getPort() + "/attachments";
        World.Guild guild = world.addGuild("Test Guild");
        this.guildId = guild.id;
        this.generalChannelId = world.addChannel(World.GUILD_TEXT, guild.id, null, null, "general", null).id;
    }

    /** The REST base with the version, ending in a slash as JDA's RestConfig requires. */
    public String apiUrl() {
        return apiUrl(server.getPort());
    }

    public String gatewayUrl() {
        return gatewayUrl(server.getPort());
    }

    /** {@link #apiUrl()} of a fake on {@code port}, before it starts. */
    public static String apiUrl(int port) {
        return "http://127.0.0.1:" + port + RestApi.ROOT;
    }

    /** {@link #gatewayUrl()} of a fake on {@code port}, before it starts. */
    public static String gatewayUrl(int port) {
        return "ws://127.0.0.1:" + port + "/gateway";
    }

    /** The user who owns every guild (Discord gives an owner every permission, "Manage Server" included). */
    public String ownerId() {
        return world.owner.id();
    }

    public String botToken() {
        return botToken;
    }

    public String botId() {
        return world.bot.id();
    }

    public String guildId() {
        return guildId;
    }

    public String generalChannelId() {
        return generalChannelId;
    }

    // ---- the world ----

    /** A user (created on first use) with a fresh id; {@code locale} as Discord sends it, e.g. "zh-CN". */
    public String user(String name, String locale) {
        return world.user(world.newId(), name, locale).id();
    }

    public String user(String name) {
        return user(name, "en-US");
    }

    /** Another guild with one text channel; returns the guild id. Only sessions that identify later see it. */
    public String addGuild(String name) {
        World.Guild guild = world.addGuild(name);
        world.addChannel(World.GUILD_TEXT, guild.id, null, null, "general", null);
        return guild.id;
    }

    /**
     * Another guild whose id falls on shard {@code shardId} of {@code shardTotal} (Discord: {@code (id >> 22) %
     * total}); returns its id. The fake's ids count up within one millisecond, so this one is moved ahead in time.
     */
    public String addGuildOnShard(String name, int shardId, int shardTotal) {
        long id = Long.parseLong(world.newId());
        while (Gateway.shardOf(Long.toString(id), shardTotal) != shardId) {
            id += 1L << 22;
        }
        World.Guild guild = world.addGuild(Long.toString(id), name);
        world.addChannel(World.GUILD_TEXT, guild.id, null, null, "general", null);
        return guild.id;
    }

    /** A new text channel in the default guild; sessions that identify later see it. */
    public String addTextChannel(String name) {
        return world.addChannel(World.GUILD_TEXT, guildId, null, null, name, null).id;
    }

    /**
     * A new text channel in the default guild, announced to the connected bot with CHANNEL_CREATE, as Discord
     * does when an admin creates one.
     */
    public String addTextChannelNow(String name) {
        String id = addTextChannel(name);
        World.Channel channel;
        synchronized (world) {
            channel = world.channels.get(id);
        }
        dispatchOrFail(guildId, "CHANNEL_CREATE", world.channelJson(channel));
        return id;
    }

    /** The first text channel of a guild. */
    public String channelOf(String guildId) {
        synchronized (world) {
            return world.guilds.get(guildId).channelIds.getFirst();
        }
    }

    /** Takes permissions (World bit values, e.g. 1 << 11 SEND_MESSAGES) from the bot in a channel. */
    public FakeDiscord denyToBot(String channelId, long permissions) {
        World.Channel channel;
        synchronized (world) {
            channel = world.channels.get(channelId);
            channel.deniedToBot |= permissions;
        }
        // Connected clients learn of the new overwrite, as from Discord.
        gateway.dispatch(channel.guildId, "CHANNEL_UPDATE", world.channelJson(channel));
        return this;
    }

    /** The application was not granted these intents: IDENTIFY with them closes the gateway with 4014. */
    /**
     * The gateway closes every IDENTIFY with 4004 Authentication failed while REST still accepts the token, as
     * Discord does when the token is reset between the bot's REST login and its gateway session.
     */
    public FakeDiscord gatewayRejectsToken() {
        gateway.rejectsToken = true;
        return this;
    }

    public FakeDiscord disallowIntents(long intents) {
        gateway.disallowedIntents = intents;
        return this;
    }

    /** How long the bot has to acknowledge an interaction (Discord: 3 s). */
    public FakeDiscord interactionAckDeadline(Duration deadline) {
        rest.ackDeadline = deadline;
        return this;
    }

    /** How long an interaction token lasts (Discord: 15 minutes). */
    public FakeDiscord interactionTokenLifetime(Duration lifetime) {
        rest.tokenLifetime = lifetime;
        return this;
    }

    /** Whether the interaction's token has outlived {@link #interactionTokenLifetime} (the fake now refuses it). */
    public boolean interactionTokenExpired(DispatchedInteraction interaction) {
        return System.nanoTime() - interaction.dispatchedAtNanos > rest.tokenLifetime.toNanos();
    }

    // ---- users act ----

    /** A user writes in a guild channel or thread; {@code <@botId>} in the text mentions the bot. Returns the message id. */
    public String userSays(String channelId, String userId, String text) {
        return post(channelId, userId, text, Map.of(), null);
    }

    /**
     * A user writes with attachments (file name → bytes), which the fake serves under {@code /attachments/} like
     * Discord's CDN; the attachment's content_type follows the file name.
     */
    public String userSaysWithAttachments(String channelId, String userId, String text, Map<String, byte[]> files) {
        return post(channelId, userId, text, files, null);
    }

    /** The number of attachment downloads the fake served. */
    public int attachmentDownloads() {
        return attachmentDownloads.get();
    }

    /** A user replies to a message. */
    public String userReplies(String channelId, String userId, String replyTo, String text) {
        return post(channelId, userId, text, Map.of(), replyTo);
    }

    /** A user writes to the bot in a DM. Returns the message id. */
    public String userDms(String userId, String text) {
        return post(world.dmWith(userId).id, userId, text, Map.of(), null);
    }

    /** A user DMs the bot with attachments (file name → bytes; the content type follows the name). */
    public String userDmsWithAttachments(String userId, String text, Map<String, byte[]> files) {
        return post(world.dmWith(userId).id, userId, text, files, null, message -> {});
    }

    /**
     * A user records a voice message in a channel or DM: no text, the flag {@code IS_VOICE_MESSAGE} (1 << 13), and
     * one {@code voice-message.ogg} attachment ({@code audio/ogg}) with {@code duration_secs} and a waveform.
     */
    public String userSendsVoiceMessage(String channelId, String userId, byte[] ogg, double seconds) {
        return post(channelId, userId, "", Map.of("voice-message.ogg", ogg), null, message -> {
            message.flags |= IS_VOICE_MESSAGE;
            message.voiceSeconds = seconds;
        });
    }

    /** A user sends a sticker and nothing else. */
    public String userSendsSticker(String channelId, String userId) {
        return post(
                channelId,
                userId,
                "",
                Map.of(),
                null,
                message -> message.stickers.add(new String[] {world.newId(), "wave"}));
    }

    /** The DM channel between the bot and a user. */
    public String dmChannelOf(String userId) {
        return world.dmWith(userId).id;
    }

    /** A user deletes a message (any author's, as a moderator could). */
    public void deleteMessage(String messageId) {
        synchronized (world) {
            World.Message message = world.messages.get(messageId);
            if (message != null) {
                message.deleted = true;
            }
        }
    }

    /** A user runs a slash command with string options in a channel (guild or DM). */
    public DispatchedInteraction slashCommand(
            String channelId, String userId, String command, Map<String, String> options) {
        ObjectNode data =
                Json.object().put("id", commandId(command)).put("name", command).put("type", 1);
        data.set("options", options(options, null));
        return interact(2, channelId, userId, data, null);
    }

    /** A file a user gives in a slash command's attachment option (option type 11). */
    public record Upload(String option, String fileName, byte[] bytes) {}

    /**
     * A user runs a slash command with string options and files in its attachment options: each is an option of type
     * 11 whose value is an attachment id, resolved in {@code data.resolved.attachments} with a CDN link this fake
     * serves, as Discord does for the files of a command.
     */
    public DispatchedInteraction slashCommand(
            String channelId, String userId, String command, Map<String, String> options, List<Upload> files) {
        ObjectNode data =
                Json.object().put("id", commandId(command)).put("name", command).put("type", 1);
        ArrayNode all = options(options, null);
        ObjectNode resolved = data.putObject("resolved").putObject("attachments");
        for (Upload file : files) {
            String id = world.newId();
            uploads.put(id + "/" + file.fileName(), file.bytes().clone());
            String url = world.cdnBase + "/" + id + "/" + file.fileName();
            ObjectNode attachment = resolved.putObject(id)
                    .put("id", id)
                    .put("filename", file.fileName())
                    .put("size", file.bytes().length)
                    .put("url", url)
                    .put("proxy_url", url)
                    .put("ephemeral", true);
            String type = World.contentType(file.fileName());
            if (type != null) {
                attachment.put("content_type", type);
            }
            all.add(Json.object().put("name", file.option()).put("type", 11).put("value", id));
        }
        data.set("options", all);
        return interact(2, channelId, userId, data, null);
    }

    /** A user types into an autocompleted option of a slash command. */
    public DispatchedInteraction autocomplete(
            String channelId, String userId, String command, String option, String typed) {
        ObjectNode data =
                Json.object().put("id", commandId(command)).put("name", command).put("type", 1);
        data.set("options", options(Map.of(option, typed), option));
        return interact(4, channelId, userId, data, null);
    }

    /** A user presses a button under a message. */
    public DispatchedInteraction pressButton(String messageId, String customId, String userId) {
        World.Message message;
        synchronized (world) {
            message = world.messages.get(messageId);
        }
        ObjectNode data = Json.object().put("custom_id", customId).put("component_type", 2);
        return interact(3, message.channelId, userId, data, world.messageJson(message));
    }

    /**
     * The user fills in and submits the modal the bot answered {@code opened} with, as Discord sends it: a
     * MODAL_SUBMIT interaction (type 5) with the modal's custom_id and each text input's value by its custom_id
     * (inputs not named keep the value the bot prefilled), in the modal's own layout (labels or action rows).
     */
    public DispatchedInteraction submitModal(DispatchedInteraction opened, String userId, Map<String, String> values) {
        JsonNode modal = opened.modal();
        if (modal == null) {
            throw new IllegalStateException("The bot answered interaction " + opened.id() + " without a modal");
        }
        ObjectNode data = Json.object().put("custom_id", modal.path("custom_id").asString());
        ArrayNode components = data.putArray("components");
        int id = 1;
        for (JsonNode top : modal.path("components")) {
            if (top.path("type").asInt() == 18) {
                JsonNode input = top.path("component");
                ObjectNode label = components.addObject().put("type", 18).put("id", id++);
                label.set("component", submitted(input, values, id++));
            } else {
                ObjectNode row = components.addObject().put("type", 1).put("id", id++);
                ArrayNode inputs = row.putArray("components");
                for (JsonNode input : top.path("components")) {
                    inputs.add(submitted(input, values, id++));
                }
            }
        }
        return interact(5, opened.channelId(), userId, data, null);
    }

    private static ObjectNode submitted(JsonNode input, Map<String, String> values, int id) {
        String customId = input.path("custom_id").asString();
        return Json.object()
                .put("type", 4)
                .put("id", id)
                .put("custom_id", customId)
                .put("value", values.getOrDefault(customId, input.path("value").asString("")));
    }

    // ---- what the bot did ----

    /** The messages in a channel, oldest first, deleted ones included (see {@link PostedMessage#deleted()}). */
    public List<PostedMessage> messages(String channelId) {
        synchronized (world) {
            return world.messages.values().stream()
                    .filter(message -> message.channelId.equals(channelId))
                    .map(FakeDiscord::view)
                    .toList();
        }
    }

    /** The bot's messages in a channel, oldest first. */
    public List<PostedMessage> botMessages(String channelId) {
        return messages(channelId).stream()
                .filter(message -> message.authorId().equals(botId()))
                .toList();
    }

    public Optional<PostedMessage> message(String messageId) {
        synchronized (world) {
            return Optional.ofNullable(world.messages.get(messageId)).map(FakeDiscord::view);
        }
    }

    /** Threads started from a channel, oldest first: their ids. */
    public List<String> threadsOf(String channelId) {
        synchronized (world) {
            return world.channels.values().stream()
                    .filter(channel -> channelId.equals(channel.parentId))
                    .map(channel -> channel.id)
                    .toList();
        }
    }

    /** Every REST request, in order. */
    public List<RestCall> calls() {
        return List.copyOf(rest.calls);
    }

    public List<RestCall> calls(String method, String pathPattern) {
        return rest.calls.stream().filter(call -> call.is(method, pathPattern)).toList();
    }

    /**
     * Uses up the channel's message bucket (5 creates or edits per 5 s) now, as another process on the same bot
     * token would, e.g. the old pod during a rolling update: Discord's limits are per bot, so the bot's own client,
     * which paces itself by the bucket headers it saw, meets a 429 on its next message there.
     */
    public void otherClientUsesUpMessageBucket(String channelId) {
        rest.exhaustBucket(channelId);
    }

    /** Requests the fake refused with 429 because the channel's message bucket was empty. */
    public int rateLimitedCalls() {
        return rest.rateLimited.get();
    }

    /** The slash commands registered globally (null) or for a guild. */
    public List<JsonNode> registeredCommands(@Nullable String guildId) {
        JsonNode registered = rest.commands.get(guildId == null ? "global" : guildId);
        return registered == null ? List.of() : registered.valueStream().toList();
    }

    /** Gateway frames the bot sent (op 2 IDENTIFY, op 1 heartbeat, ...), in order. */
    public List<JsonNode> gatewayFrames(int op) {
        return gateway.received.stream()
                .filter(frame -> frame.op() == op)
                .map(Gateway.Frame::payload)
                .toList();
    }

    /**
     * Drops every gateway connection from Discord's side; the sessions stay resumable, and events for them are
     * kept and replayed when the client resumes.
     */
    public void dropGatewayConnections() {
        gateway.dropConnections(false);
    }

    /** Drops every gateway connection and forgets the sessions: a RESUME fails and clients identify anew. */
    public void endGatewaySessions() {
        gateway.dropConnections(true);
    }

    /**
     * The gateway goes away: connections drop (sessions stay resumable) and new ones are refused with 503 until
     * {@link #bringGatewayBack()}. Events meanwhile wait for the resume. REST keeps working.
     */
    public void takeGatewayDown() {
        gatewayDown = true;
        gateway.dropConnections(false);
    }

    public void bringGatewayBack() {
        gatewayDown = false;
    }

    // ---- waiting ----

    /** Waits until this many shards are connected: identified (READY) or resumed. */
    public void awaitSessions(int count, Duration timeout) {
        Await.until(() -> gateway.sessionCount() >= count, timeout, () -> count + " identified gateway sessions");
    }

    /** Waits for a bot message in the channel that satisfies the condition, and returns it. */
    public PostedMessage awaitBotMessage(String channelId, Predicate<PostedMessage> condition, Duration timeout) {
        Await.until(
                () -> botMessages(channelId).stream().anyMatch(condition),
                timeout,
                () -> "a bot message in " + channelId + "; have " + botMessages(channelId));
        return botMessages(channelId).stream().filter(condition).findFirst().orElseThrow();
    }

    public void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        Await.until(condition, timeout, () -> what);
    }

    @Override
    public void close() {
        gateway.dropConnections(true);
        server.close();
    }

    // ---- internals ----

    private String post(
            String channelId, String userId, String text, Map<String, byte[]> files, @Nullable String replyTo) {
        return post(channelId, userId, text, files, replyTo, message -> {});
    }

    private String post(
            String channelId,
            String userId,
            String text,
            Map<String, byte[]> files,
            @Nullable String replyTo,
            java.util.function.Consumer<World.Message> shape) {
        World.Message message = world.addMessage(
                channelId, userId, text, Json.array(), Json.array(), List.copyOf(files.keySet()), replyTo);
        message.files.putAll(files);
        synchronized (world) {
            shape.accept(message);
        }
        World.Channel channel;
        synchronized (world) {
            channel = world.channels.get(channelId);
        }
        ObjectNode payload = world.messageJson(message);
        boolean mentionsBot = text.contains("<@" + botId() + ">")
                || text.contains("<@!" + botId() + ">")
                || (replyTo != null && botId().equals(world.messages.get(replyTo).authorId));
        Gateway.Session session = gateway.session(
                channel.guildId == null ? 0 : Gateway.shardOf(channel.guildId, Math.max(1, anySessionTotal())));
        boolean contentGranted = session != null && (session.intents() & MESSAGE_CONTENT_INTENT) != 0;
        if (channel.guildId != null && !mentionsBot && !contentGranted) {
            // Without the Message Content intent, guild messages that don't mention the bot arrive empty.
            payload.put("content", "");
            payload.set("attachments", Json.array());
            payload.set("embeds", Json.array());
        }
        dispatchOrFail(channel.guildId, "MESSAGE_CREATE", payload);
        return message.id;
    }

    private MockResponse attachment(String path) {
        String[] parts = path.split("/"); // "", "attachments", message id, file name
        World.Message message;
        synchronized (world) {
            message = parts.length == 4 ? world.messages.get(parts[2]) : null;
        }
        byte[] bytes = message == null
                ? (parts.length == 4 ? uploads.get(parts[2] + "/" + parts[3]) : null)
                : message.files.get(parts[3]);
        if (bytes == null) {
            return new MockResponse.Builder().code(404).build();
        }
        attachmentDownloads.incrementAndGet();
        String type = World.contentType(parts[3]);
        return new MockResponse.Builder()
                .addHeader("Content-Type", type == null ? "application/octet-stream" : type)
                .body(new okio.Buffer().write(bytes))
                .build();
    }

    private int anySessionTotal() {
        Gateway.Session first = gateway.session(0);
        return first == null ? 1 : first.shardTotal();
    }

    private DispatchedInteraction interact(
            int type, String channelId, String userId, ObjectNode data, @Nullable JsonNode message) {
        World.Channel channel;
        World.User user;
        synchronized (world) {
            channel = world.channels.get(channelId);
            user = world.users.get(userId);
        }
        DispatchedInteraction interaction = new DispatchedInteraction(
                world.newId(), "itoken-" + UUID.randomUUID(), type, channelId, channel.guildId, userId);
        ObjectNode payload = Json.object()
                .put("id", interaction.id)
                .put("application_id", world.applicationId)
                .put("type", type)
                .put("token", interaction.token)
                .put("version", 1)
                .put("channel_id", channelId)
                .put("locale", user.locale())
                .put("app_permissions", Long.toString(world.botPermissions(channel)))
                .put("context", channel.guildId == null ? 1 : 0);
        payload.set("data", data);
        payload.set("channel", world.channelJson(channel));
        payload.set("entitlements", Json.array());
        payload.set(
                "authorizing_integration_owners",
                Json.object().put("0", channel.guildId == null ? "0" : channel.guildId));
        if (message != null) {
            payload.set("message", message);
        }
        if (channel.guildId != null) {
            payload.put("guild_id", channel.guildId).put("guild_locale", "en-US");
            payload.set(
                    "guild",
                    Json.object()
                            .put("id", channel.guildId)
                            .put("locale", "en-US")
                            .set("features", Json.array()));
            // As Discord computes them for the channel: a guild's owner has every permission.
            long permissions =
                    user == world.owner ? ALL_PERMISSIONS : world.guilds.get(channel.guildId).everyonePermissions;
            payload.set("member", world.memberJson(user, true).put("permissions", Long.toString(permissions)));
        } else {
            payload.set("user", world.userJson(user));
        }
        rest.interactions.put(interaction.id, interaction);
        dispatchOrFail(channel.guildId, "INTERACTION_CREATE", payload);
        return interaction;
    }

    private void dispatchOrFail(@Nullable String guildId, String event, JsonNode payload) {
        if (!gateway.dispatch(guildId, event, payload)) {
            throw new IllegalStateException("No bot session is connected for " + event + " (guild " + guildId + ")");
        }
    }

    private String commandId(String name) {
        for (JsonNode registered : rest.commands.values()) {
            for (JsonNode command : registered) {
                if (command.path("name").asString("").equals(name)) {
                    return command.path("id").asString();
                }
            }
        }
        return world.newId();
    }

    private static ArrayNode options(Map<String, String> options, @Nullable String focused) {
        ArrayNode array = Json.array();
        options.forEach((name, value) -> {
            ObjectNode option = Json.object().put("name", name).put("type", 3).put("value", value);
            if (name.equals(focused)) {
                option.put("focused", true);
            }
            array.add(option);
        });
        return array;
    }

    private static PostedMessage view(World.Message message) {
        return new PostedMessage(
                message.id,
                message.channelId,
                message.authorId,
                message.content,
                List.copyOf(message.history),
                message.components.deepCopy(),
                message.embeds.deepCopy(),
                message.embedHistory.stream().map(JsonNode::deepCopy).toList(),
                message.attachments,
                message.replyTo,
                message.flags,
                message.deleted);
    }
}
