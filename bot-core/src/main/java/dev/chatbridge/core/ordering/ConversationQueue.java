package dev.chatbridge.core.ordering;

import dev.chatbridge.core.conversation.RedisGuard;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Accepted but unanswered messages, one Redis list per conversation in arrival order, shared by
 * every replica. An item stays at the head while it is being answered and is removed only when
 * the answer is done, so if its replica dies or hands it off, whoever takes the conversation's
 * {@link ConversationLock} next answers it. A sorted set lists the conversations with work waiting,
 * oldest first, for the replicas' sweep.
 *
 * <p>Arrival order is the platform's order: Telegram and Discord deliver one chat's updates in
 * order, and adapters acknowledge an update only after {@link #enqueue} returned.
 */
public final class ConversationQueue {

    private static final String QUEUE = "cb:queue:";
    private static final String WAITING = "cb:queue:waiting";

    /**
     * Claims the event (SET NX, as {@link UpdateDeduplicator} does) and queues the item in one step,
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

    /** {@code keep}: how long a conversation's queue lives after its last message (a safety net, not a timeout). */
    public ConversationQueue(StringRedisTemplate redis, Duration keep) {
        this.redis = redis;
        this.keep = keep;
    }

    /**
     * Appends an item unless its event was seen before (false then). Once this returns the item
     * survives this process.
     */
    public boolean enqueueFirst(String conversationId, String item, UpdateDeduplicator.Claim claim) {
        Long queued = RedisGuard.call(() -> redis.execute(
                ENQUEUE,
                List.of(claim.key(), QUEUE + conversationId, WAITING),
                item,
                Long.toString(keep.toMillis()),
                Long.toString(System.currentTimeMillis()),
                conversationId,
                Long.toString(claim.remember().toMillis())));
        return queued != null && queued == 1L;
    }

    /** The oldest unanswered item. */
    public Optional<String> head(String conversationId) {
        return Optional.ofNullable(RedisGuard.call(() -> redis.opsForList().index(QUEUE + conversationId, 0)));
    }

    /** The oldest {@code count} unanswered items, oldest first. */
    public List<String> first(String conversationId, int count) {
        List<String> items = RedisGuard.call(() -> redis.opsForList().range(QUEUE + conversationId, 0, count - 1L));
        return items == null ? List.of() : List.copyOf(items);
    }

    /** Removes {@code item}, which was the head, once it has been answered; true while more items wait. */
    public boolean complete(String conversationId, String item) {
        Long more = RedisGuard.call(() -> redis.execute(
                COMPLETE,
                List.of(QUEUE + conversationId, WAITING),
                item,
                conversationId,
                Long.toString(System.currentTimeMillis())));
        return more != null && more == 1L;
    }

    /** Conversations with items waiting, the longest-waiting first. */
    public List<String> waiting(int limit) {
        Set<String> ids = RedisGuard.call(() -> redis.opsForZSet().range(WAITING, 0, limit - 1L));
        return ids == null ? List.of() : List.copyOf(ids);
    }

    /** Forgets a conversation in the waiting set whose queue has expired. */
    public void forgetIfEmpty(String conversationId) {
        RedisGuard.call(() -> redis.execute(
                COMPLETE,
                List.of(QUEUE + conversationId, WAITING),
                "",
                conversationId,
                Long.toString(System.currentTimeMillis())));
    }
}
