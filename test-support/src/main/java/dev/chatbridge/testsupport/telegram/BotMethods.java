package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The methods about the bot itself and its update feed: getMe, webhooks, getUpdates, commands, callbacks. */
final class BotMethods {
    private static final Pattern COMMAND = Pattern.compile("[a-z0-9_]{1,32}");
    /** Command menus are keyed by a two-letter ISO 639-1 code only: "zh-hans" or "zh-TW" is refused. */
    private static final Pattern MENU_LANGUAGE = Pattern.compile("[a-z]{2}");

    /** The command scopes that name a chat, and the others. */
    private static final Set<String> CHAT_SCOPES = Set.of("chat", "chat_administrators", "chat_member");

    private static final Set<String> OTHER_SCOPES =
            Set.of("default", "all_private_chats", "all_group_chats", "all_chat_administrators");

    private static final Pattern SECRET_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final int MAX_COMMANDS = 100;

    private final ServerState state;

    BotMethods(ServerState state) {
        this.state = state;
    }

    JsonNode getMe() {
        return BotApiObjects.me(state.botUsername);
    }

    JsonNode getUpdates(MethodParams params) throws InterruptedException {
        if (!state.webhookUrl.isEmpty()) {
            throw BotApiError.conflict("can't use getUpdates method while webhook is active; "
                    + "use deleteWebhook to delete the webhook first");
        }
        Long offset = params.longValue("offset");
        int limit = Math.clamp(params.intValue("limit", 100), 1, 100);
        int timeout = Math.max(0, params.intValue("timeout", 0));
        return state.updates.poll(offset == null ? 0 : offset, limit, Duration.ofSeconds(timeout));
    }

    JsonNode setWebhook(MethodParams params) {
        String url = params.string("url");
        String secret = params.string("secret_token");
        if (secret != null && !SECRET_TOKEN.matcher(secret).matches()) {
            throw BotApiError.badRequest("secret token contains unallowed characters");
        }
        if (url != null && !url.isEmpty()) {
            // Telegram wants https on 443, 80, 88 or 8443; the fake also takes http, for bots on 127.0.0.1.
            java.net.URI uri;
            try {
                uri = java.net.URI.create(url);
            } catch (IllegalArgumentException e) {
                throw BotApiError.badRequest("bad webhook: invalid URL");
            }
            if (uri.getHost() == null || !List.of("https", "http").contains(String.valueOf(uri.getScheme()))) {
                throw BotApiError.badRequest("bad webhook: An HTTPS URL must be provided for webhook");
            }
        }
        List<String> allowed = new ArrayList<>();
        if (params.json("allowed_updates") instanceof ArrayNode types) {
            types.forEach(type -> allowed.add(type.asString()));
        }
        if (params.bool("drop_pending_updates")) {
            state.updates.dropPending();
        }
        state.webhookSecret = secret == null ? "" : secret;
        state.webhookAllowedUpdates = List.copyOf(allowed);
        state.webhookUrl = url == null ? "" : url;
        return bool(true);
    }

    JsonNode deleteWebhook(MethodParams params) {
        state.webhookUrl = "";
        state.webhookSecret = "";
        if (params.bool("drop_pending_updates")) {
            state.updates.dropPending();
        }
        return bool(true);
    }

    JsonNode getWebhookInfo() {
        ObjectNode info = Json.object();
        info.put("url", state.webhookUrl);
        info.put("has_custom_certificate", false);
        info.put("pending_update_count", state.updates.pendingCount());
        if (!state.webhookUrl.isEmpty()) {
            info.put("max_connections", 40);
            if (!state.webhookAllowedUpdates.isEmpty()) {
                ArrayNode types = info.putArray("allowed_updates");
                state.webhookAllowedUpdates.forEach(types::add);
            }
            ServerState.WebhookError error = state.webhookLastError;
            if (error != null) {
                info.put("last_error_date", error.at().getEpochSecond());
                info.put("last_error_message", error.message());
            }
        }
        return info;
    }

    JsonNode sendChatAction(MethodParams params) {
        state.topic(params, params.requireChatId(), null);
        String action = params.string("action");
        if (action == null || action.isBlank()) {
            throw BotApiError.badRequest("action is empty");
        }
        return bool(true);
    }

    JsonNode setMyCommands(MethodParams params) {
        JsonNode commands = params.json("commands");
        if (!(commands instanceof ArrayNode array)) {
            throw BotApiError.badRequest("commands are empty");
        }
        if (array.size() > MAX_COMMANDS) {
            throw BotApiError.badRequest("BOT_COMMANDS_TOO_MUCH");
        }
        List<BotCommandEntry> entries = new ArrayList<>();
        for (JsonNode command : array) {
            String name = command.path("command").asString("");
            String description = command.path("description").asString("");
            if (!COMMAND.matcher(name).matches()) {
                throw BotApiError.badRequest("BOT_COMMAND_INVALID");
            }
            if (description.isEmpty() || description.length() > 256) {
                throw BotApiError.badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
            }
            entries.add(new BotCommandEntry(name, description));
        }
        String key = commandKey(params);
        if (entries.isEmpty()) {
            state.commands.remove(key); // an empty list is no list: the next scope's applies, as after deleteMyCommands
        } else {
            state.commands.put(key, List.copyOf(entries));
        }
        return bool(true);
    }

    JsonNode getMyCommands(MethodParams params) {
        ArrayNode result = Json.array();
        for (BotCommandEntry entry : state.commands.getOrDefault(commandKey(params), List.of())) {
            ObjectNode command = result.addObject();
            command.put("command", entry.command());
            command.put("description", entry.description());
        }
        return result;
    }

    JsonNode deleteMyCommands(MethodParams params) {
        state.commands.remove(commandKey(params));
        return bool(true);
    }

    JsonNode answerCallbackQuery(MethodParams params) {
        String id = params.string("callback_query_id");
        ServerState.CallbackQuery query = id == null ? null : state.callbacks.get(id);
        if (query == null || query.answered || Instant.now().isAfter(query.createdAt.plus(state.callbackDeadline))) {
            throw BotApiError.badRequest("query is too old and response timeout expired or query ID is invalid");
        }
        query.answered = true;
        return bool(true);
    }

    /**
     * The list a setMyCommands, getMyCommands or deleteMyCommands call addresses. As the Bot API server reads a
     * scope: the scopes of one chat need its {@code chat_id} (a missing or empty one cannot be parsed, and 0 or a
     * name the fake does not know is no chat), {@code chat_member} also a {@code user_id}, and only {@code chat}
     * may name a private chat.
     */
    private static String commandKey(MethodParams params) {
        JsonNode scope = params.json("scope");
        String scopeType = scope == null ? "default" : scope.path("type").asString("default");
        String chat = null;
        if (CHAT_SCOPES.contains(scopeType)) {
            long chatId = scopeChatId(scope);
            if (chatId > 0 && !scopeType.equals("chat")) {
                throw BotApiError.badRequest("can't use specified scope in private chats");
            }
            chat = Long.toString(chatId);
            if (scopeType.equals("chat_member")) {
                long userId = scope.path("user_id").asLong(0);
                if (userId <= 0) {
                    throw BotApiError.badRequest("can't parse BotCommandScope: Invalid user_id specified");
                }
                chat += "/" + userId;
            }
        } else if (!OTHER_SCOPES.contains(scopeType)) {
            throw BotApiError.badRequest("can't parse BotCommandScope: Unsupported type specified");
        }
        String languageCode = params.string("language_code");
        if (languageCode != null
                && !languageCode.isEmpty()
                && !MENU_LANGUAGE.matcher(languageCode).matches()) {
            throw BotApiError.badRequest("invalid language code specified");
        }
        return ServerState.commandKey(
                scopeType, chat, languageCode == null || languageCode.isEmpty() ? null : languageCode);
    }

    private static long scopeChatId(JsonNode scope) {
        JsonNode value = scope.get("chat_id");
        if (value == null || value.isNull()) {
            throw BotApiError.badRequest("can't parse BotCommandScope: Can't find field \"chat_id\"");
        }
        String text = value.asString("").trim();
        if (text.isEmpty()) {
            throw BotApiError.badRequest("can't parse BotCommandScope: Empty chat_id specified");
        }
        try {
            long chatId = Long.parseLong(text);
            if (chatId != 0) {
                return chatId;
            }
        } catch (NumberFormatException e) {
            // an @username: the fake knows chats by id only
        }
        throw BotApiError.badRequest("chat not found");
    }

    /**
     * A member's status: {@code creator} or {@code administrator} where {@link FakeTelegramBotApi#makeAdmin} said
     * so, else {@code member}. An administrator carries every {@code can_*} right Telegram sends; in a private
     * chat the other party is a {@code member}, as Telegram answers.
     */
    JsonNode getChatMember(MethodParams params) {
        long chatId = params.requireChatId();
        Long userId = params.longValue("user_id");
        if (userId == null) {
            throw BotApiError.badRequest("user_id is empty");
        }
        if (userId <= 0) {
            throw BotApiError.badRequest("PARTICIPANT_ID_INVALID");
        }
        String status = state.admins.getOrDefault(chatId, java.util.Map.of()).getOrDefault(userId, "member");
        ObjectNode member = Json.object();
        member.put("status", status);
        ObjectNode user = member.putObject("user");
        user.put("id", userId);
        user.put("is_bot", false);
        user.put("first_name", "User " + userId);
        member.put("is_anonymous", false);
        if (status.equals("administrator")) {
            member.put("can_be_edited", false);
            for (String right : List.of(
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                    "can_pin_messages",
                    "can_manage_topics")) {
                member.put(right, true);
            }
        }
        return member;
    }

    private static JsonNode bool(boolean value) {
        return Json.MAPPER.getNodeFactory().booleanNode(value);
    }
}
