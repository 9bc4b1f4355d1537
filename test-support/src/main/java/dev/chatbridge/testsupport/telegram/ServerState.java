package dev.chatbridge.testsupport.telegram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/** Everything the fake Telegram remembers; shared by the router, the methods and the test-facing facade. */
final class ServerState {
    final String token;
    final String botUsername;
    final ChatHistory chats = new ChatHistory();
    final UserFiles files = new UserFiles();
    final FloodControl flood = new FloodControl();
    final UpdateQueue updates = new UpdateQueue();
    final List<ApiCall> calls = new CopyOnWriteArrayList<>();
    /** Keyed by {@link #commandKey}. */
    final Map<String, List<BotCommandEntry>> commands = new ConcurrentHashMap<>();

    final Map<String, CallbackQuery> callbacks = new ConcurrentHashMap<>();
    /** Serialises every method but getUpdates, so flood checks and edits see a consistent chat. */
    final ReentrantLock lock = new ReentrantLock();

    private final Map<String, Deque<BotApiError>> failures = new HashMap<>();
    /** Chats the bot may not write to, with Telegram's 403 description. */
    final Map<Long, String> forbiddenChats = new ConcurrentHashMap<>();
    /** Methods this server does not have (lower case), as on a Bot API server older than they are. */
    final java.util.Set<String> missingMethods = ConcurrentHashMap.newKeySet();
    /** Forum supergroups (topics enabled): chat id to the thread ids of their topics besides General. */
    final Map<Long, java.util.Set<Integer>> forums = new ConcurrentHashMap<>();

    /**
     * The topic a send lands in: {@code message_thread_id} when given (it must name a topic of a forum: General
     * and unknown ids are refused, as Telegram does), else the topic of the message it replies to, else none.
     */
    @Nullable
    Integer topic(MethodParams params, long chatId, @Nullable Integer replyTo) {
        Integer thread = params.intValue("message_thread_id");
        if (thread != null) {
            java.util.Set<Integer> topics = forums.get(chatId);
            if (topics == null || !topics.contains(thread)) {
                throw BotApiError.badRequest("message thread not found");
            }
            return thread;
        }
        if (replyTo == null) {
            return null;
        }
        ChatHistory.Stored bot = chats.bot(chatId, replyTo);
        if (bot != null) {
            return bot.message().threadId();
        }
        tools.jackson.databind.node.ObjectNode user = chats.user(chatId, replyTo);
        return user != null && user.path("is_topic_message").asBoolean(false)
                ? Integer.valueOf(user.path("message_thread_id").asInt())
                : null;
    }

    /** Group administrators: chat id to user id to status ({@code creator} or {@code administrator}). */
    final Map<Long, Map<Long, String>> admins = new ConcurrentHashMap<>();

    /** Groups that became supergroups: old id to new id. */
    final Map<Long, Long> migratedChats = new ConcurrentHashMap<>();

    volatile String webhookUrl = "";
    volatile String webhookSecret = "";
    volatile List<String> webhookAllowedUpdates = List.of();
    volatile @Nullable WebhookError webhookLastError;
    /** Test knobs: a "load balancer" over these base URLs, and every n-th delivery made twice. */
    volatile List<String> webhookTargets = List.of();

    volatile int webhookDuplicateEvery;
    final List<WebhookDeliveryRecord> webhookDeliveries = new CopyOnWriteArrayList<>();

    record WebhookError(Instant at, String message) {}

    volatile Duration callbackDeadline = Duration.ofSeconds(15);

    /** A callback query a simulated user caused; Telegram accepts one answer, and only for a while. */
    static final class CallbackQuery {
        final Instant createdAt;
        boolean answered;

        CallbackQuery(Instant createdAt) {
            this.createdAt = createdAt;
        }
    }

    ServerState(String token, String botUsername) {
        this.token = token;
        this.botUsername = botUsername;
    }

    static String commandKey(String scopeType, @Nullable String languageCode) {
        return commandKey(scopeType, null, languageCode);
    }

    /**
     * One command list: Telegram keeps one per scope, per chat for the scopes that name one ({@code chat},
     * {@code chat_administrators}; {@code chat_member} also per user, as {@code chatId/userId}), and per language.
     */
    static String commandKey(String scopeType, @Nullable String chat, @Nullable String languageCode) {
        return scopeType + "|" + (chat == null ? "" : chat) + "|" + (languageCode == null ? "" : languageCode);
    }

    synchronized void failNext(String method, BotApiError error) {
        failures.computeIfAbsent(method.toLowerCase(Locale.ROOT), m -> new ArrayDeque<>())
                .add(error);
    }

    /** The next failure injected for {@code method}; an entity-parsing failure waits for a formatted call. */
    synchronized @Nullable BotApiError takeFailure(String method, boolean formatted) {
        Deque<BotApiError> queued = failures.get(method.toLowerCase(Locale.ROOT));
        BotApiError next = queued == null ? null : queued.peek();
        if (next == null || (!formatted && next.description.contains("can't parse entities"))) {
            return null;
        }
        return queued.poll();
    }
}
