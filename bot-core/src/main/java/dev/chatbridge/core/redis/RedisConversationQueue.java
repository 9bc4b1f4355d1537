package dev.chatbridge.core.redis;

import dev.chatbridge.core.pipeline.ConversationQueue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link ConversationQueue} as a Redis list per conversation, plus a sorted set of the conversations
 * with work waiting, by when they were last served.
 */
final class RedisConversationQueue implements ConversationQueue {

    private static final String QUEUE = "cb:queue:";
    private static final String WAITING = "cb:queue:waiting";

    /**
     * Claims the event (SET NX, as {@link RedisUpdateDeduplicator} does) and queues the item in one step,
     * so a crash between the two can neither lose the message nor answer it twice.
     * KEYS: seen, queue, waiting set. ARGV: item, queue ttl, now, conversation id, seen ttl.
     */
    private static final RedisScript<Long> ENQUEUE = RedisScript.of("""
            if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[5]) then return 0 end
            redis.call('RPUSH', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            redis.call('ZADD', KEYS[3], 'NX', ARGV[3], ARGV[4])
            return 1""", Long.class);

    /** Removes the item only if it is still the head; forgets the conversation when nothing is left. */
    private static final RedisScript<Long> COMPLETE = RedisScript.of("""
            if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('LPOP', KEYS[1]) end
            if redis.call('LLEN', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[2]) return 0 end
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
            return 1""", Long.class);

    private final StringRedisTemplate redis;
    private final Duration keep;
    private final Duration rememberEvents;

    /**
     * {@code keep}: how long a conversation's queue lives after its last message (a safety net, not a
     * timeout); {@code rememberEvents}: how long a queued event counts as seen.
     */
    RedisConversationQueue(StringRedisTemplate redis, Duration keep, Duration rememberEvents) {
        this.redis = redis;
        this.keep = keep;
        this.rememberEvents = rememberEvents;
    }

    @Override
    public boolean enqueueIfNew(String conversationId, String platform, String eventId, String item) {
        Long queued = RedisGuard.call(() -> redis.execute(
                ENQUEUE,
                List.of(RedisUpdateDeduplicator.seenKey(platform, eventId), QUEUE + conversationId, WAITING),
                item,
                Long.toString(keep.toMillis()),
                Long.toString(System.currentTimeMillis()),
                conversationId,
                Long.toString(rememberEvents.toMillis())));
        return queued != null && queued == 1L;
    }

    @Override
    public Optional<String> head(String conversationId) {
        return Optional.ofNullable(RedisGuard.call(() -> redis.opsForList().index(QUEUE + conversationId, 0)));
    }

    @Override
    public List<String> first(String conversationId, int count) {
        List<String> items = RedisGuard.call(() -> redis.opsForList().range(QUEUE + conversationId, 0, count - 1L));
        return items == null ? List.of() : List.copyOf(items);
    }

    @Override
    public boolean complete(String conversationId, String item) {
        Long more = RedisGuard.call(() -> redis.execute(
                COMPLETE,
                List.of(QUEUE + conversationId, WAITING),
                item,
                conversationId,
                Long.toString(System.currentTimeMillis())));
        return more != null && more == 1L;
    }

    @Override
    public List<String> waiting(int limit) {
        Set<String> ids = RedisGuard.call(() -> redis.opsForZSet().range(WAITING, 0, limit - 1L));
        return ids == null ? List.of() : List.copyOf(ids);
    }

    @Override
    public void forgetIfEmpty(String conversationId) {
        RedisGuard.call(() -> redis.execute(
                COMPLETE,
                List.of(QUEUE + conversationId, WAITING),
                "",
                conversationId,
                Long.toString(System.currentTimeMillis())));
    }
}
