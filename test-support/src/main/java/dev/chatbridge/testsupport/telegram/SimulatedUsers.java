package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns what simulated users do into queued updates, shaped like Telegram's. */
final class SimulatedUsers {
    private final ServerState state;
    private final MessageMethods messages;
    private final AtomicLong callbackIds = new AtomicLong();
    private final String callbackIdPrefix =
            Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50)) + "-";

    SimulatedUsers(ServerState state, MessageMethods messages) {
        this.state = state;
        this.messages = messages;
    }

    int sendText(UserText message) {
        ObjectNode wire = userMessage(message);
        wire.put("text", message.text());
        ArrayNode entities = UserTextEntities.detect(message.text());
        if (!entities.isEmpty()) {
            wire.set("entities", entities);
        }
        return queue(message, wire);
    }

    /** A photo (several sizes) or a document; the caption is {@code media.message().text()}. */
    int sendMedia(UserMedia media) {
        UserText message = media.message();
        ObjectNode wire = userMessage(message);
        if (media.kind() == UserMedia.Kind.PHOTO) {
            ArrayNode sizes = wire.putArray("photo");
            int side = 90;
            for (byte[] bytes : media.versions()) {
                UserFiles.StoredFile file = state.files.put("photos", ".jpg", bytes, bytes.length);
                ObjectNode size = sizes.addObject();
                size.put("file_id", file.fileId());
                size.put("file_unique_id", file.uniqueId());
                size.put("width", side);
                size.put("height", side);
                size.put("file_size", bytes.length);
                side *= 4;
            }
        } else {
            byte[] bytes = media.versions().getFirst();
            int dot = media.fileName().lastIndexOf('.');
            UserFiles.StoredFile file =
                    state.files.put("documents", dot < 0 ? "" : media.fileName().substring(dot), bytes, bytes.length);
            ObjectNode document = wire.putObject("document");
            document.put("file_id", file.fileId());
            document.put("file_unique_id", file.uniqueId());
            document.put("file_name", media.fileName());
            document.put("mime_type", media.mimeType());
            document.put("file_size", bytes.length);
        }
        if (!message.text().isEmpty()) {
            wire.put("caption", message.text());
            ArrayNode entities = UserTextEntities.detect(message.text());
            if (!entities.isEmpty()) {
                wire.set("caption_entities", entities);
            }
        }
        if (media.mediaGroupId() != null) {
            wire.put("media_group_id", media.mediaGroupId());
        }
        if (media.forwarded()) {
            ObjectNode origin = wire.putObject("forward_origin");
            origin.put("type", "user");
            origin.put("date", Instant.now().getEpochSecond() - 3600);
            origin.set(
                    "sender_user",
                    BotApiObjects.user(UserText.of(424242, 424242, "").withFirstName("Original")));
        }
        return queue(message, wire);
    }

    /**
     * A recording: {@code field} is {@code voice}, {@code audio} or {@code video_note}; its bytes are served
     * through getFile under {@code folder}. {@code declaredSize} is what Telegram reports as {@code file_size}.
     */
    int sendRecording(
            UserText message,
            String field,
            String folder,
            String extension,
            byte[] bytes,
            long declaredSize,
            int durationSeconds,
            ObjectNode extra) {
        ObjectNode wire = userMessage(message);
        UserFiles.StoredFile file = state.files.put(folder, extension, bytes, declaredSize);
        ObjectNode recording = wire.putObject(field);
        recording.put("file_id", file.fileId());
        recording.put("file_unique_id", file.uniqueId());
        recording.put("duration", durationSeconds);
        recording.setAll(extra);
        recording.put("file_size", declaredSize);
        caption(message, wire);
        return queue(message, wire);
    }

    /** A message of a kind the bot cannot read (a sticker, a location...): {@code field} holds {@code content}. */
    int sendOther(UserText message, String field, ObjectNode content) {
        ObjectNode wire = userMessage(message);
        wire.set(field, content);
        return queue(message, wire);
    }

    private static void caption(UserText message, ObjectNode wire) {
        if (!message.text().isEmpty()) {
            wire.put("caption", message.text());
            ArrayNode entities = UserTextEntities.detect(message.text());
            if (!entities.isEmpty()) {
                wire.set("caption_entities", entities);
            }
        }
    }

    private ObjectNode userMessage(UserText message) {
        ObjectNode chat = BotApiObjects.chat(message);
        java.util.Set<Integer> topics = state.forums.get(message.chatId());
        if (topics != null) {
            chat.put("is_forum", true);
        }
        if (message.threadId() != null && (topics == null || !topics.contains(message.threadId()))) {
            throw new IllegalArgumentException(
                    "Chat " + message.chatId() + " has no forum topic " + message.threadId() + " (see openForum)");
        }
        state.chats.describe(message.chatId(), chat);
        int messageId = state.chats.nextMessageId(message.chatId());
        ObjectNode wire = Json.object();
        wire.put("message_id", messageId);
        if (message.threadId() != null) {
            wire.put("message_thread_id", message.threadId());
            wire.put("is_topic_message", true);
        }
        wire.put("date", Instant.now().getEpochSecond());
        wire.set("chat", chat);
        wire.set("from", BotApiObjects.user(message));
        if (message.replyToMessageId() != null) {
            wire.set("reply_to_message", existingMessage(message.chatId(), message.replyToMessageId()));
        }
        return wire;
    }

    private int queue(UserText message, ObjectNode wire) {
        state.chats.putUser(message.chatId(), wire.get("message_id").asInt(), wire);
        ObjectNode update = Json.object();
        update.set("message", wire);
        return state.updates.add(update);
    }

    int pressButton(long chatId, long userId, int messageId, String callbackData) {
        ChatHistory.Stored stored = state.chats.bot(chatId, messageId);
        if (stored == null) {
            throw new IllegalArgumentException("No bot message " + messageId + " in chat " + chatId);
        }
        // Real query ids are large unique numbers; a random prefix keeps fakes sharing one Redis apart.
        String queryId = callbackIdPrefix + callbackIds.incrementAndGet();
        ObjectNode query = Json.object();
        query.put("id", queryId);
        query.set("from", BotApiObjects.user(UserText.of(userId, userId, "")));
        query.set("message", messages.wire(stored));
        query.put("chat_instance", String.valueOf(chatId * 31));
        query.put("data", callbackData);
        state.callbacks.put(queryId, new ServerState.CallbackQuery(Instant.now()));
        ObjectNode update = Json.object();
        update.set("callback_query", query);
        return state.updates.add(update);
    }

    /** Remembers the messages and callback queries in a raw update, so replies and answers to them work. */
    int pushRaw(String json) {
        if (!(Json.parse(json) instanceof ObjectNode update)) {
            throw new IllegalArgumentException("An update is a JSON object: " + json);
        }
        JsonNode message = update.path("message");
        if (message instanceof ObjectNode object && message.path("chat").has("id") && message.has("message_id")) {
            state.chats.putUser(
                    message.path("chat").get("id").asLong(),
                    message.get("message_id").asInt(),
                    object);
        }
        JsonNode callback = update.path("callback_query");
        if (callback.isObject() && callback.has("id")) {
            state.callbacks.put(callback.get("id").asString(), new ServerState.CallbackQuery(Instant.now()));
        }
        return state.updates.add(update);
    }

    private ObjectNode existingMessage(long chatId, int messageId) {
        ObjectNode user = state.chats.user(chatId, messageId);
        if (user != null) {
            user.remove("reply_to_message");
            return user;
        }
        ChatHistory.Stored bot = state.chats.bot(chatId, messageId);
        if (bot == null) {
            throw new IllegalArgumentException("No message " + messageId + " in chat " + chatId + " to reply to");
        }
        return BotApiObjects.botMessage(bot, state.chats.wire(chatId), state.botUsername, null);
    }
}
