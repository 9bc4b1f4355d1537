package dev.chatbridge.core.redis;

import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.LastQuestion;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.conversation.UserSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ConversationStore} in Redis. A turn is stored as a small JSON value in a list; every read
 * or write refreshes the TTL.
 */
final class RedisConversationStore implements ConversationStore {

    private static final String PREFIX = "cb:";

    /** Drops the turns the window trimmed, appends the new pair, caps the list and refreshes the TTL atomically. */
    private static final RedisScript<Long> APPEND_TURNS = RedisScript.of("""
            if tonumber(ARGV[1]) > 0 then redis.call('LTRIM', KEYS[1], ARGV[1], -1) end
            redis.call('RPUSH', KEYS[1], ARGV[4], ARGV[5])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[3]), -1)
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return redis.call('LLEN', KEYS[1])
            """, Long.class);

    /**
     * Moves one conversation: KEYS are context, trim notice and last question, each from then to.
     * Turns go after the target's; the notice and last question only where the target has none.
     */
    private static final RedisScript<Long> MOVE = RedisScript.of("""
            local turns = redis.call('LRANGE', KEYS[1], 0, -1)
            for i = 1, #turns, 100 do
                redis.call('RPUSH', KEYS[2], unpack(turns, i, math.min(i + 99, #turns)))
            end
            if #turns > 0 then
                redis.call('LTRIM', KEYS[2], -tonumber(ARGV[1]), -1)
                redis.call('EXPIRE', KEYS[2], ARGV[2])
                redis.call('DEL', KEYS[1])
            end
            for i = 3, 5, 2 do
                if redis.call('EXISTS', KEYS[i]) == 1 and redis.call('RENAMENX', KEYS[i], KEYS[i + 1]) == 0 then
                    redis.call('DEL', KEYS[i])
                end
            end
            return #turns
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Duration ttl;
    private final int maxTurns;
    private final JsonMapper json = JsonMapper.builder().build();

    RedisConversationStore(StringRedisTemplate redis, Duration ttl, int maxTurns) {
        this.redis = redis;
        this.ttl = ttl;
        this.maxTurns = maxTurns;
    }

    @Override
    public Snapshot beginTurn(ConversationKey key, String userId, LastQuestion question) {
        String lastQuestion = json.writeValueAsString(question);
        String contextKey = contextKey(key);
        String settingsKey = settingsKey(key.platform(), userId);
        List<Object> replies = RedisGuard.call(() -> redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object execute(RedisOperations operations) {
                operations.opsForList().range(contextKey, 0, -1);
                operations.opsForHash().entries(settingsKey);
                operations.expire(contextKey, ttl);
                operations.expire(settingsKey, ttl);
                operations.opsForValue().get(noticeKey(key));
                operations.opsForValue().set(lastQuestionKey(key), lastQuestion, ttl);
                return null;
            }
        }));
        @SuppressWarnings("unchecked")
        List<String> rawTurns = (List<String>) replies.get(0);
        @SuppressWarnings("unchecked")
        Map<String, String> settings = (Map<String, String>) replies.get(1);
        List<Turn> turns = new ArrayList<>(rawTurns.size());
        for (String raw : rawTurns) {
            turns.add(json.readValue(raw, Turn.class));
        }
        boolean trimNoticeGiven = replies.get(4) != null;
        return new Snapshot(turns, userSettings(settings), trimNoticeGiven);
    }

    @Override
    public void appendPair(ConversationKey key, int droppedTurns, Turn question, Turn answer) {
        RedisGuard.call(() -> redis.execute(
                APPEND_TURNS,
                List.of(contextKey(key)),
                Integer.toString(droppedTurns),
                Long.toString(ttl.toSeconds()),
                Integer.toString(maxTurns),
                json.writeValueAsString(question),
                json.writeValueAsString(answer)));
    }

    @Override
    public void popLastPairIfAbout(ConversationKey key, String question) {
        RedisGuard.call(() -> {
            List<String> tail = redis.opsForList().range(contextKey(key), -2, -1);
            if (tail == null || tail.size() < 2) {
                return null;
            }
            Turn asked = json.readValue(tail.get(0), Turn.class);
            Turn answer = json.readValue(tail.get(1), Turn.class);
            if (asked.role() == Turn.Role.USER
                    && answer.role() == Turn.Role.ASSISTANT
                    && asked.text().equals(question)) {
                redis.opsForList().trim(contextKey(key), 0, -3);
            }
            return null;
        });
    }

    @Override
    public @Nullable LastQuestion lastQuestion(ConversationKey key) {
        String stored = RedisGuard.call(() -> redis.opsForValue().get(lastQuestionKey(key)));
        if (stored == null) {
            return null;
        }
        try {
            return json.readValue(stored, LastQuestion.class);
        } catch (tools.jackson.core.JacksonException e) {
            return LastQuestion.text(stored); // written as plain text by an earlier version
        }
    }

    @Override
    public void markTrimNoticeGiven(ConversationKey key) {
        RedisGuard.call(() -> {
            redis.opsForValue().set(noticeKey(key), "1", ttl);
            return null;
        });
    }

    @Override
    public void clear(ConversationKey key) {
        RedisGuard.call(() -> redis.delete(List.of(contextKey(key), noticeKey(key), lastQuestionKey(key))));
    }

    @Override
    public void move(ConversationKey from, ConversationKey to) {
        RedisGuard.call(() -> redis.execute(
                MOVE,
                List.of(
                        contextKey(from),
                        contextKey(to),
                        noticeKey(from),
                        noticeKey(to),
                        lastQuestionKey(from),
                        lastQuestionKey(to)),
                Integer.toString(maxTurns),
                Long.toString(ttl.toSeconds())));
    }

    /**
     * Finds the chat's conversations with SCAN, which walks the whole keyspace in steps: slow on a
     * large Redis, but a chat moves at most once in its life.
     */
    @Override
    public void moveChat(String platform, String fromChatId, String toChatId) {
        Set<String> owners = new HashSet<>();
        for (String kind : List.of("ctx:", "ctx-last:")) {
            String pattern = PREFIX + kind + glob(platform) + ":" + glob(fromChatId) + ":*";
            RedisGuard.call(() -> {
                try (Cursor<String> keys = redis.scan(
                        ScanOptions.scanOptions().match(pattern).count(1000).build())) {
                    keys.forEachRemaining(key -> owners.add(key.substring(key.lastIndexOf(':') + 1)));
                }
                return null;
            });
        }
        for (String owner : owners) {
            move(new ConversationKey(platform, fromChatId, owner), new ConversationKey(platform, toChatId, owner));
        }
        Boolean shared = groupSharedContext(platform, fromChatId);
        if (shared != null) {
            setGroupSharedContext(platform, toChatId, shared);
            setGroupSharedContext(platform, fromChatId, null);
        }
    }

    private static String glob(String literal) {
        return literal.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
    }

    @Override
    public void updateSettings(String platform, String userId, String field, @Nullable String value) {
        String settingsKey = settingsKey(platform, userId);
        RedisGuard.call(() -> {
            if (value == null) {
                redis.opsForHash().delete(settingsKey, field);
            } else {
                redis.opsForHash().put(settingsKey, field, value);
                redis.expire(settingsKey, ttl);
            }
            return null;
        });
    }

    @Override
    public UserSettings settings(String platform, String userId) {
        Map<Object, Object> raw = RedisGuard.call(() -> redis.opsForHash().entries(settingsKey(platform, userId)));
        return userSettings(raw);
    }

    /** Kept without expiry: a group admins' choice, a few bytes per group that chose. */
    @Override
    public @Nullable Boolean groupSharedContext(String platform, String chatId) {
        String value = RedisGuard.call(() -> redis.opsForValue().get(groupContextKey(platform, chatId)));
        return value == null ? null : Boolean.valueOf(value);
    }

    @Override
    public void setGroupSharedContext(String platform, String chatId, @Nullable Boolean shared) {
        String key = groupContextKey(platform, chatId);
        RedisGuard.call(() -> {
            if (shared == null) {
                redis.delete(key);
            } else {
                redis.opsForValue().set(key, shared.toString());
            }
            return null;
        });
    }

    private static UserSettings userSettings(Map<?, ?> hash) {
        return UserSettings.fromFields(hash);
    }

    static String contextKey(ConversationKey key) {
        return PREFIX + "ctx:" + key.id();
    }

    private static String noticeKey(ConversationKey key) {
        return PREFIX + "ctx-trimmed:" + key.id();
    }

    private static String lastQuestionKey(ConversationKey key) {
        return PREFIX + "ctx-last:" + key.id();
    }

    private static String groupContextKey(String platform, String chatId) {
        return PREFIX + "group-context:" + platform + ":" + chatId;
    }

    static String settingsKey(String platform, String userId) {
        return PREFIX + "user:" + platform + ":" + userId;
    }
}
