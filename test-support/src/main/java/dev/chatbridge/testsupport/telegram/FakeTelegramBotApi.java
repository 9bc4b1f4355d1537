package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Await;
import dev.chatbridge.testsupport.common.Json;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake Telegram Bot API server on 127.0.0.1 for the real TelegramBots client. It enforces the limits in
 * shared/WIRE.md (4096 characters, strict HTML, "not modified", per-chat flood control with 429 and
 * {@code retry_after}), lets a test play users through {@link #sendText}, and records every call. Updates go
 * out by long polling or, once the bot sets a webhook, as POSTs to it ({@link WebhookDelivery}); getUpdates
 * then fails with 409, as on Telegram.
 *
 * <pre>{@code
 * try (var telegram = new FakeTelegramBotApi("123:secret")) {
 *     // point TelegramBots at telegram.baseUrl()
 *     telegram.sendText(42, 42, "/start");
 *     telegram.awaitMessages(42, 1, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class FakeTelegramBotApi implements AutoCloseable {
    public static final long BOT_ID = BotApiObjects.BOT_ID;
    public static final String DEFAULT_BOT_USERNAME = "chatbridge_bot";

    private final ServerState state;
    private final SimulatedUsers users;
    private final LocalHttpServer server;
    private final WebhookDelivery webhooks;

    public FakeTelegramBotApi(String token) {
        this(token, DEFAULT_BOT_USERNAME);
    }

    public FakeTelegramBotApi(String token, String botUsername) {
        this(token, botUsername, 0);
    }

    /**
     * On a given port (0: any free one): a bot told about {@code http://127.0.0.1:<port>} before this fake exists
     * finds the Bot API unreachable until it starts ({@link LocalHttpServer#reservePort()}).
     */
    public FakeTelegramBotApi(String token, String botUsername, int port) {
        this.state = new ServerState(Objects.requireNonNull(token, "token"), botUsername);
        this.users = new SimulatedUsers(state, new MessageMethods(state));
        this.server = new LocalHttpServer(new BotApiRouter(state), port);
        this.webhooks = new WebhookDelivery(state);
    }

    /** For example {@code http://127.0.0.1:41234}; clients append {@code /bot<token>/<method>}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public String botUsername() {
        return state.botUsername;
    }

    // --- configuration -------------------------------------------------------------------------------------

    /** Turns per-chat spacing off for tests that only care about text. Injected 429 windows still apply. */
    public FakeTelegramBotApi floodControl(boolean enabled) {
        state.flood.enabled(enabled);
        return this;
    }

    /** Minimum spacing of messages and edits in a private chat (default 1 s, with 100 ms tolerance). */
    public FakeTelegramBotApi privateChatInterval(Duration interval) {
        state.flood.privateInterval(interval);
        return this;
    }

    /** Minimum spacing of messages and edits in a group (default 3 s, with 100 ms tolerance). */
    public FakeTelegramBotApi groupChatInterval(Duration interval) {
        state.flood.groupInterval(interval);
        return this;
    }

    /** The {@code retry_after} a flood violation announces (default 1 s). */
    public FakeTelegramBotApi retryAfterSeconds(int seconds) {
        state.flood.retryAfterSeconds(seconds);
        return this;
    }

    /** How long a callback query can be answered (default 15 s). */
    public FakeTelegramBotApi callbackAnswerDeadline(Duration deadline) {
        state.callbackDeadline = deadline;
        return this;
    }

    /**
     * Makes the next call to {@code method} fail this way. With a {@code retryAfter} and status 429, the retry
     * window is enforced for that chat like a real one; {@code retryAfterAsHeaderOnly} sends it only as a
     * {@code Retry-After} header, as some proxies do.
     */
    public void failNext(
            String method,
            int status,
            String description,
            @Nullable Integer retryAfter,
            boolean retryAfterAsHeaderOnly) {
        state.failNext(method, new BotApiError(status, description, retryAfter, retryAfterAsHeaderOnly));
    }

    public void failNext(String method, int status, String description) {
        failNext(method, status, description, null, false);
    }

    /** The retry window announced to this chat has passed, as it would while a bot instance was down. */
    public void endRetryWindow(long chatId) {
        state.flood.endWindow(chatId);
    }

    /**
     * Acts as a Bot API server that does not have {@code method} (a self-hosted one older than the
     * method): every call gets 404 {@code Not Found}.
     */
    public FakeTelegramBotApi withoutMethod(String method) {
        state.missingMethods.add(method.toLowerCase(java.util.Locale.ROOT));
        return this;
    }

    /**
     * The user of a private chat blocks the bot: from now on every send, edit, draft and chat action to
     * that chat gets 403 {@code Forbidden: bot was blocked by the user}, as on Telegram.
     */
    public void blockBot(long chatId) {
        state.forbiddenChats.put(chatId, "Forbidden: bot was blocked by the user");
    }

    /** The user deleted their account: every call to the chat gets 403 {@code Forbidden: user is deactivated}. */
    public void deactivateUser(long chatId) {
        state.forbiddenChats.put(chatId, "Forbidden: user is deactivated");
    }

    /** The user unblocks the bot: calls to the chat work again. */
    public void unblockBot(long chatId) {
        state.forbiddenChats.remove(chatId);
    }

    /**
     * {@code userId} upgrades a basic group to a supergroup, as Telegram does when a group grows or
     * changes settings: the group gets a new {@code -100…} id, every later call to the old id gets 400
     * {@code group chat was upgraded to a supergroup chat} with {@code parameters.migrate_to_chat_id},
     * and the two service messages ({@code migrate_to_chat_id} in the old chat,
     * {@code migrate_from_chat_id} in the new one) arrive as updates. Returns the new id.
     */
    /**
     * Makes supergroup {@code chatId} a forum with these topics (each named by the thread id of its creation
     * message; General has none). Users may then write in a topic ({@link UserText#inTopic}); sends must name an
     * existing topic in {@code message_thread_id} or reply to a message in it, else they land in General.
     */
    public void openForum(long chatId, int... topicThreadIds) {
        if (chatId > 0) {
            throw new IllegalArgumentException("Only supergroups can have topics: " + chatId);
        }
        java.util.Set<Integer> topics = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int thread : topicThreadIds) {
            if (thread <= 1) {
                throw new IllegalArgumentException("Topic thread ids are message ids above General's 1: " + thread);
            }
            topics.add(thread);
        }
        state.forums.put(chatId, topics);
    }

    /** Makes {@code userId} an administrator of group {@code chatId} ({@code getChatMember} says so). */
    public void makeAdmin(long chatId, long userId) {
        state.admins
                .computeIfAbsent(chatId, id -> new java.util.concurrent.ConcurrentHashMap<>())
                .put(userId, "administrator");
    }

    /** Makes {@code userId} the creator (owner) of group {@code chatId}. */
    public void makeCreator(long chatId, long userId) {
        state.admins
                .computeIfAbsent(chatId, id -> new java.util.concurrent.ConcurrentHashMap<>())
                .put(userId, "creator");
    }

    public long migrateToSupergroup(long groupId, long userId) {
        if (groupId >= 0) {
            throw new IllegalArgumentException("Only a group (negative id) can become a supergroup: " + groupId);
        }
        long supergroupId = Long.parseLong("-100" + Math.abs(groupId));
        state.migratedChats.put(groupId, supergroupId);
        long now = System.currentTimeMillis() / 1000;
        users.pushRaw(Json.text(serviceMessage(groupId, "group", userId, now, "migrate_to_chat_id", supergroupId)));
        users.pushRaw(
                Json.text(serviceMessage(supergroupId, "supergroup", userId, now, "migrate_from_chat_id", groupId)));
        return supergroupId;
    }

    private tools.jackson.databind.node.ObjectNode serviceMessage(
            long chatId, String chatType, long userId, long date, String field, long value) {
        tools.jackson.databind.node.ObjectNode message = Json.object()
                .put("message_id", state.chats.nextMessageId(chatId))
                .put("date", date)
                .put(field, value);
        message.putObject("from").put("id", userId).put("is_bot", false).put("first_name", "User" + userId);
        message.putObject("chat").put("id", chatId).put("type", chatType).put("title", "Group " + chatId);
        tools.jackson.databind.node.ObjectNode update = Json.object();
        update.set("message", message);
        return update;
    }

    /**
     * Webhook mode behind a load balancer: updates for the registered webhook go to the registered URL's path
     * on each of these base URLs in turn (e.g. several bot instances), instead of to its own host.
     */
    public FakeTelegramBotApi webhookTargets(List<String> baseUrls) {
        state.webhookTargets = List.copyOf(baseUrls);
        return this;
    }

    /** Webhook mode: every {@code n}-th accepted update is posted once more, to the next target (0: never). */
    public FakeTelegramBotApi duplicateWebhookDeliveries(int n) {
        state.webhookDuplicateEvery = n;
        return this;
    }

    /** The registered webhook URL, empty in long-polling mode. */
    public String webhookUrl() {
        return state.webhookUrl;
    }

    /** Every POST to the webhook, in order. */
    public List<WebhookDeliveryRecord> webhookDeliveries() {
        return List.copyOf(state.webhookDeliveries);
    }

    // --- simulated users -----------------------------------------------------------------------------------

    /** A user writes {@code text} in a chat (private for a positive id); returns the update id. */
    public int sendText(long chatId, long userId, String text) {
        return sendText(UserText.of(chatId, userId, text));
    }

    public int sendText(UserText message) {
        return users.sendText(message);
    }

    /**
     * A user sends a photo or a file; its bytes are then served through {@code getFile} and
     * {@code /file/bot<token>/<path>}. Returns the update id; the message id is {@link #lastUserMessageId}.
     */
    public int sendMedia(UserMedia media) {
        return users.sendMedia(media);
    }

    /** A user sends a voice note (Opus in Ogg, {@code audio/ogg}), {@code message.text()} as its caption. */
    public int sendVoice(UserText message, byte[] ogg, int durationSeconds) {
        return sendVoice(message, ogg, durationSeconds, ogg.length);
    }

    /** A voice note whose {@code file_size} Telegram reports as {@code declaredSize} (a test may claim a huge one). */
    public int sendVoice(UserText message, byte[] ogg, int durationSeconds, long declaredSize) {
        return users.sendRecording(
                message,
                "voice",
                "voice",
                ".oga",
                ogg,
                declaredSize,
                durationSeconds,
                Json.object().put("mime_type", "audio/ogg"));
    }

    /** A user sends a music or audio file (Telegram's {@code audio}), with its name and type. */
    public int sendAudio(UserText message, String fileName, String mimeType, byte[] bytes, int durationSeconds) {
        int dot = fileName.lastIndexOf('.');
        return users.sendRecording(
                message,
                "audio",
                "music",
                dot < 0 ? "" : fileName.substring(dot),
                bytes,
                bytes.length,
                durationSeconds,
                Json.object().put("file_name", fileName).put("mime_type", mimeType));
    }

    /** A user sends a round video note (mp4; Telegram gives it no mime type, only {@code length} and {@code duration}). */
    public int sendVideoNote(UserText message, byte[] mp4, int durationSeconds) {
        return users.sendRecording(
                message,
                "video_note",
                "video_notes",
                ".mp4",
                mp4,
                mp4.length,
                durationSeconds,
                Json.object().put("length", 240));
    }

    /** A user sends a sticker (no text, nothing the bot can read). */
    public int sendSticker(UserText message) {
        return users.sendOther(
                message,
                "sticker",
                Json.object()
                        .put("file_id", "CAACAgIAAxkBAAE" + message.chatId())
                        .put("file_unique_id", "AgAD" + message.chatId())
                        .put("type", "regular")
                        .put("width", 512)
                        .put("height", 512)
                        .put("is_animated", false)
                        .put("is_video", false)
                        .put("emoji", "👍")
                        .put("set_name", "HotCherry")
                        .put("file_size", 23_000));
    }

    /** A user shares a location. */
    public int sendLocation(UserText message, double latitude, double longitude) {
        return users.sendOther(
                message, "location", Json.object().put("latitude", latitude).put("longitude", longitude));
    }

    /** The id of the newest message a simulated user sent in a chat (0 when none). */
    public int lastUserMessageId(long chatId) {
        return state.chats.lastUserMessageId(chatId);
    }

    /** The file paths the bot downloaded, in order ({@code downloadFile} calls that found a file). */
    public List<String> downloadedFiles() {
        return calls("downloadFile").stream()
                .filter(ApiCall::succeeded)
                .map(call -> call.param("file_path"))
                .toList();
    }

    /** A user presses an inline button of a bot message; returns the update id. */
    public int pressButton(long chatId, long userId, int messageId, String callbackData) {
        return users.pressButton(chatId, userId, messageId, callbackData);
    }

    /** Queues the same update again: Telegram delivers at least once, so the bot must tolerate duplicates. */
    public void redeliver(int updateId) {
        state.updates.redeliver(updateId);
    }

    /** Queues any update JSON; an {@code update_id} is added when missing. Returns the update id. */
    public int pushRawUpdate(String json) {
        return users.pushRaw(json);
    }

    /** Updates not yet confirmed by a poll's offset. */
    public int pendingUpdates() {
        return state.updates.pendingCount();
    }

    /** Whether a getUpdates call has returned this update (confirmed or not). */
    public boolean fetched(int updateId) {
        return state.updates.fetched(updateId);
    }

    /** The highest {@code offset} a getUpdates call confirmed. */
    public long confirmedOffset() {
        return state.updates.confirmedOffset();
    }

    // --- what the bot did ----------------------------------------------------------------------------------

    public List<ApiCall> calls() {
        return List.copyOf(state.calls);
    }

    /** Calls of one method, matched case-insensitively. */
    public List<ApiCall> calls(String method) {
        return state.calls.stream()
                .filter(call -> call.method().equalsIgnoreCase(method))
                .toList();
    }

    /** The bot's current messages in a chat, oldest first (deleted ones are gone). */
    public List<SentMessage> messages(long chatId) {
        return state.chats.messages(chatId);
    }

    /** Every accepted sendMessageDraft to a chat, in order. */
    public List<SentDraft> drafts(long chatId) {
        return state.chats.drafts(chatId);
    }

    /** Calls refused with 429 because they came too soon or inside a retry window. */
    public int rateViolations() {
        return state.flood.violations();
    }

    public int rateViolations(long chatId) {
        return state.flood.violations(chatId);
    }

    /** The default-scope commands for a language ({@code null} or empty for all languages). */
    public List<BotCommandEntry> commands(@Nullable String languageCode) {
        return commands("default", languageCode);
    }

    /** The commands for a scope type such as {@code all_private_chats}. */
    public List<BotCommandEntry> commands(String scopeType, @Nullable String languageCode) {
        return state.commands.getOrDefault(ServerState.commandKey(scopeType, languageCode), List.of());
    }

    /** The commands of chat {@code chatId}'s own scope ({@code BotCommandScopeChat}) for a language (null: for all). */
    public List<BotCommandEntry> chatCommands(long chatId, @Nullable String languageCode) {
        return state.commands.getOrDefault(
                ServerState.commandKey("chat", Long.toString(chatId), languageCode), List.of());
    }

    /**
     * The menu a user whose app is set to {@code userLanguageCode} (a tag such as {@code zh-hant}, of which its
     * two-letter code counts; null for none) sees in their private chat with the bot, as Telegram picks it: the
     * first list that is set of the chat's own scope, then all private chats, then the default scope, each for the
     * user's language before the one for all languages.
     */
    public List<BotCommandEntry> menuInPrivateChat(long chatId, @Nullable String userLanguageCode) {
        if (chatId <= 0) {
            throw new IllegalArgumentException("Private chats have positive ids: " + chatId);
        }
        String language = userLanguageCode == null
                ? null
                : userLanguageCode.split("[-_]", 2)[0].toLowerCase(java.util.Locale.ROOT);
        String chat = Long.toString(chatId);
        List<String> order = new java.util.ArrayList<>();
        for (String[] scope : new String[][] {{"chat", chat}, {"all_private_chats", null}, {"default", null}}) {
            if (language != null && !language.isEmpty()) {
                order.add(ServerState.commandKey(scope[0], scope[1], language));
            }
            order.add(ServerState.commandKey(scope[0], scope[1], null));
        }
        return order.stream()
                .map(state.commands::get)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(List.of());
    }

    /** The calls of {@code method} (setMyCommands, deleteMyCommands...) that named chat {@code chatId}'s own scope. */
    public List<ApiCall> chatMenuCalls(String method, long chatId) {
        return calls(method).stream()
                .filter(call -> {
                    JsonNode scope = new MethodParams((ObjectNode) call.params()).json("scope");
                    return scope != null
                            && "chat".equals(scope.path("type").asString(""))
                            && Long.toString(chatId)
                                    .equals(scope.path("chat_id").asString("").trim());
                })
                .toList();
    }

    /** Waits until the chat holds at least {@code count} bot messages, and returns them. */
    public List<SentMessage> awaitMessages(long chatId, int count, Duration timeout) {
        Await.until(
                () -> messages(chatId).size() >= count,
                timeout,
                () -> count + " bot messages in chat " + chatId + ", have " + messages(chatId) + "; failed calls: "
                        + failedCalls());
        return messages(chatId);
    }

    /** Waits until {@code method} was called at least {@code count} times, and returns those calls. */
    public List<ApiCall> awaitCalls(String method, int count, Duration timeout) {
        Await.until(
                () -> calls(method).size() >= count,
                timeout,
                () -> count + " " + method + " calls, have " + calls(method).size());
        return calls(method);
    }

    /** Polls every 20 ms; throws an AssertionError on timeout. */
    public static void await(BooleanSupplier condition, Duration timeout) {
        Await.until(condition, timeout, () -> "the condition");
    }

    public static void await(String description, BooleanSupplier condition, Duration timeout) {
        Await.until(condition, timeout, () -> description);
    }

    /** Ends waiting long polls at once, then stops the server. */
    @Override
    public void close() {
        webhooks.close();
        state.updates.close();
        server.close();
    }

    private List<String> failedCalls() {
        return state.calls.stream()
                .filter(call -> !call.succeeded())
                .map(call -> call.method() + " " + call.httpStatus() + " " + call.errorDescription())
                .toList();
    }
}
