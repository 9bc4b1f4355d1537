package dev.chatbridge.core.redis;

import dev.chatbridge.core.conversation.AnsweredTurn;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.pipeline.ConversationLock;
import dev.chatbridge.core.pipeline.ConversationQueue;
import dev.chatbridge.core.quota.TokenCharge;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ConversationQueue} as a Redis list per conversation, plus a sorted set of the conversations
 * with work waiting, by when they were last served, a hash of attempts per conversation (by the
 * item's SHA-1) and one list of dead letters. Finishing runs as one Lua script that checks the
 * conversation lock's token ({@link RedisConversationLock}) and writes the context
 * ({@link RedisConversationStore}'s keys) in the same step. One Redis, not a cluster: the keys of a
 * step live in different slots.
 */
final class RedisConversationQueue implements ConversationQueue {

    private static final String QUEUE = "cb:queue:";
    private static final String WAITING = "cb:queue:waiting";
    private static final String ATTEMPTS = "cb:attempts:";
    private static final String DEAD = "cb:dead";
    private static final Duration KEEP_DEAD = Duration.ofDays(7);
    private static final int MOST_DEAD = 1000;

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

    /**
     * {@link #admit}: marks the event seen; refuses a blocked user (2) or one on no list (3) when the operator's
     * settings do not let them in (ARGV admin, open); queues the item; and, when asked, takes the conversation's lock,
     * counts an attempt for the head item, leases the chat's pacing and reads the user's settings (the answer's
     * language). Returns {0} for a repeated event, {2}/{3} when refused, {1} when queued without the lock,
     * {1, head, attempt, wait ms, settings} with it.
     * KEYS: seen, queue, waiting set, blocked, allowed, lock, attempts, pace, user settings.
     * ARGV: item, queue ttl, now, conversation id, seen ttl, user, admin, open, take lock, token, lease ms,
     * pacing interval ms (empty: no pacing lease).
     */
    private static final RedisScript<List> ADMIT = RedisScript.of("""
            if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[5]) then return {0} end
            if ARGV[7] ~= '1' then
              if redis.call('SISMEMBER', KEYS[4], ARGV[6]) == 1 then return {2} end
              if ARGV[8] ~= '1' and redis.call('SISMEMBER', KEYS[5], ARGV[6]) == 0 then return {3} end
            end
            redis.call('RPUSH', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            redis.call('ZADD', KEYS[3], 'NX', ARGV[3], ARGV[4])
            if ARGV[9] ~= '1' or not redis.call('SET', KEYS[6], ARGV[10], 'NX', 'PX', ARGV[11]) then return {1} end
            local head = redis.call('LINDEX', KEYS[2], 0)
            local attempt = redis.call('HINCRBY', KEYS[7], redis.sha1hex(head), 1)
            redis.call('PEXPIRE', KEYS[7], ARGV[2])
            local wait = 0
            if ARGV[12] ~= '' then
              local current = redis.call('GET', KEYS[8])
              if current then
                wait = math.max(0, redis.call('PTTL', KEYS[8]))
                -- a lease left by a holder that is gone: this replica holds the chat's only lock now
                if string.sub(current, 1, 2) == 'L:' then wait = math.min(wait, tonumber(ARGV[12])) end
              end
              redis.call('SET', KEYS[8], 'L:' .. ARGV[10], 'PX', math.max(tonumber(ARGV[11]), wait + 1))
            end
            return {1, head, attempt, wait, redis.call('HGETALL', KEYS[9])}""", List.class);

    /** Forgets the conversation when nothing is left. KEYS: queue, waiting set. ARGV: conversation id, now. */
    private static final RedisScript<Long> FORGET_IF_EMPTY = RedisScript.of("""
            if redis.call('LLEN', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[1]) return 0 end
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            return 1""", Long.class);

    /** KEYS: attempts hash. ARGV: item, how long to keep, +1 or -1. Returns the attempts now. */
    private static final RedisScript<Long> ATTEMPT = RedisScript.of("""
            local n = redis.call('HINCRBY', KEYS[1], redis.sha1hex(ARGV[1]), ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return n""", Long.class);

    /**
     * Finishes items under the lock: -1 (nothing written) unless the lock holds the token; then
     * appends the turn (mode 'turn') or the dead letter (mode 'dead'), pops the items from the head,
     * forgets their attempts, and when the queue is empty forgets the conversation and releases the
     * lock (0), otherwise returns 1.
     * KEYS: lock, queue, waiting set, attempts, context, dead letters.
     * ARGV: token, conversation id, now, mode, dropped turns, context ttl s, most turns, question,
     * answer, dead letter, dead ttl ms, most dead, then the items.
     */
    private static final RedisScript<Long> FINISH =
            RedisScript.of(RedisLimitBuckets.FUNCTIONS + RedisQuotaSteps.CHARGE + """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
            -- Under the lock only this holder pops: a first item no longer at the head was finished by this
            -- holder already (a retry after a lost reply), so nothing is written or charged twice.
            local done = ARGV[20] ~= nil and redis.call('LINDEX', KEYS[2], 0) ~= ARGV[20]
            local charged = 0
            if ARGV[14] ~= '' then
              if not done then
                charge({KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12], KEYS[13]},
                  {ARGV[14], ARGV[15], ARGV[16], ARGV[17], ARGV[18], ARGV[19]})
              end
              charged = 2
            end
            if done then
            elseif ARGV[4] == 'turn' then
              if tonumber(ARGV[5]) > 0 then redis.call('LTRIM', KEYS[5], ARGV[5], -1) end
              redis.call('RPUSH', KEYS[5], ARGV[8], ARGV[9])
              redis.call('LTRIM', KEYS[5], -tonumber(ARGV[7]), -1)
              redis.call('EXPIRE', KEYS[5], ARGV[6])
            elseif ARGV[4] == 'dead' then
              redis.call('LPUSH', KEYS[6], ARGV[10])
              redis.call('LTRIM', KEYS[6], 0, tonumber(ARGV[12]) - 1)
              redis.call('PEXPIRE', KEYS[6], ARGV[11])
            end
            for i = 20, #ARGV do
              if redis.call('LINDEX', KEYS[2], 0) == ARGV[i] then redis.call('LPOP', KEYS[2]) end
              redis.call('HDEL', KEYS[4], redis.sha1hex(ARGV[i]))
            end
            if redis.call('LLEN', KEYS[2]) == 0 then
              redis.call('ZREM', KEYS[3], ARGV[2])
              redis.call('DEL', KEYS[1])
              if redis.call('GET', KEYS[7]) == 'L:' .. ARGV[1] then
                if tonumber(ARGV[13]) > 0 then redis.call('SET', KEYS[7], '1', 'PX', ARGV[13]) else redis.call('DEL', KEYS[7]) end
              end
              return 0 + charged
            end
            redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
            return 1 + charged""", Long.class);

    private final StringRedisTemplate redis;
    private final RedisConversationLock lock;
    private final PacingLeases pacing;
    private final Supplier<@Nullable RedisQuotaSteps> quotas;
    private final Duration keep;
    private final Duration rememberEvents;
    private final Duration contextTtl;
    private final int maxTurns;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * {@code keep}: how long a conversation's queue lives after its last message (a safety net, not a
     * timeout); {@code rememberEvents}: how long a queued event counts as seen; {@code contextTtl} and
     * {@code maxTurns}: the context's, as {@link RedisConversationStore} keeps it.
     */
    RedisConversationQueue(
            StringRedisTemplate redis,
            RedisConversationLock lock,
            PacingLeases pacing,
            Supplier<@Nullable RedisQuotaSteps> quotas,
            Duration keep,
            Duration rememberEvents,
            Duration contextTtl,
            int maxTurns) {
        this.redis = redis;
        this.lock = lock;
        this.pacing = pacing;
        this.quotas = quotas;
        this.keep = keep;
        this.rememberEvents = rememberEvents;
        this.contextTtl = contextTtl;
        this.maxTurns = maxTurns;
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
    @SuppressWarnings("rawtypes")
    public Optional<Admission> admit(
            String conversationId,
            String platform,
            String eventId,
            String item,
            AccessQuery access,
            boolean takeLock,
            @Nullable Pacing pacing) {
        String token = UUID.randomUUID().toString();
        List result = RedisGuard.call(() -> redis.execute(
                ADMIT,
                List.of(
                        RedisUpdateDeduplicator.seenKey(platform, eventId),
                        QUEUE + conversationId,
                        WAITING,
                        RedisAccessLists.BLOCKED,
                        RedisAccessLists.ALLOWED,
                        RedisConversationLock.KEY + conversationId,
                        ATTEMPTS + conversationId,
                        pacing == null ? PacingLeases.PACE + "-" : PacingLeases.key(pacing.chatKey()),
                        RedisConversationStore.settingsKey(platform, access.userId())),
                item,
                Long.toString(keep.toMillis()),
                Long.toString(System.currentTimeMillis()),
                conversationId,
                Long.toString(rememberEvents.toMillis()),
                access.userId(),
                access.admin() ? "1" : "0",
                access.open() ? "1" : "0",
                takeLock ? "1" : "0",
                token,
                Long.toString(lock.lease().toMillis()),
                pacing == null ? "" : Long.toString(pacing.interval().toMillis())));
        long code = result == null || result.isEmpty() ? 0 : number(result.get(0));
        Admission.Outcome outcome = switch ((int) code) {
            case 0 -> Admission.Outcome.REPEATED;
            case 2 -> Admission.Outcome.BLOCKED;
            case 3 -> Admission.Outcome.NOT_ON_ALLOWLIST;
            default -> Admission.Outcome.QUEUED;
        };
        if (outcome != Admission.Outcome.QUEUED || result.size() < 5) {
            return Optional.of(new Admission(outcome, null, null, 0, null));
        }
        if (pacing != null) {
            this.pacing.hold(pacing.chatKey(), token, Duration.ofMillis(number(result.get(3))));
        }
        ConversationLock.Held held = lock.adopt(conversationId, token);
        Map<String, String> settings = new HashMap<>();
        if (result.get(4) instanceof List<?> fields) {
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                settings.put(text(fields.get(i)), text(fields.get(i + 1)));
            }
        }
        return Optional.of(new Admission(
                outcome, held, text(result.get(1)), (int) number(result.get(2)), UserSettings.fromFields(settings)));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(text(value));
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
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
    public int beginAttempt(String conversationId, String item) {
        return attempt(conversationId, item, 1);
    }

    @Override
    public void withdrawAttempt(String conversationId, String item) {
        attempt(conversationId, item, -1);
    }

    private int attempt(String conversationId, String item, int change) {
        Long attempts = RedisGuard.call(() -> redis.execute(
                ATTEMPT,
                List.of(ATTEMPTS + conversationId),
                item,
                Long.toString(keep.toMillis()),
                Integer.toString(change)));
        return attempts == null ? 1 : attempts.intValue();
    }

    @Override
    public Completion complete(
            String conversationId, List<String> items, String lockToken, @Nullable AnsweredTurn turn) {
        return turn == null
                ? finish(conversationId, items, lockToken, "none", null, "", null, null)
                : finish(conversationId, items, lockToken, "turn", turn, "", null, null);
    }

    @Override
    public Completion complete(
            String conversationId, List<String> items, String lockToken, AnsweredTurn turn, TokenCharge charge) {
        RedisQuotaSteps quotas = this.quotas.get();
        if (quotas == null) {
            return complete(conversationId, items, lockToken, turn);
        }
        return finish(conversationId, items, lockToken, "turn", turn, "", quotas, charge);
    }

    @Override
    public Completion deadLetter(String conversationId, List<String> items, String lockToken, String reason) {
        String letter = json.writeValueAsString(
                new DeadLetter(conversationId, reason, System.currentTimeMillis(), List.copyOf(items)));
        return finish(conversationId, items, lockToken, "dead", null, letter, null, null);
    }

    /** What the dead letters hold: the conversation, why it was given up, when, and its queue items. */
    private record DeadLetter(String conversation, String reason, long atMillis, List<String> items) {}

    private Completion finish(
            String conversationId,
            List<String> items,
            String lockToken,
            String mode,
            @Nullable AnsweredTurn turn,
            String deadLetter,
            @Nullable RedisQuotaSteps quotas,
            @Nullable TokenCharge charge) {
        List<String> keys = new ArrayList<>(List.of(
                RedisConversationLock.KEY + conversationId,
                QUEUE + conversationId,
                WAITING,
                ATTEMPTS + conversationId,
                turn == null ? "cb:ctx:-" : RedisConversationStore.contextKey(turn.key()),
                DEAD,
                pacing.chatOf(lockToken).map(PacingLeases::key).orElse(PacingLeases.PACE + "-")));
        boolean charging = quotas != null && charge != null;
        keys.addAll(
                charging ? quotas.chargeKeys(charge.user()) : List.of("cb:-", "cb:-", "cb:-", "cb:-", "cb:-", "cb:-"));
        List<String> args = new ArrayList<>(19 + items.size());
        args.add(lockToken);
        args.add(conversationId);
        args.add(Long.toString(System.currentTimeMillis()));
        args.add(mode);
        args.add(turn == null ? "0" : Integer.toString(turn.droppedTurns()));
        args.add(Long.toString(contextTtl.toSeconds()));
        args.add(Integer.toString(maxTurns));
        args.add(turn == null ? "" : json.writeValueAsString(turn.question()));
        args.add(turn == null ? "" : json.writeValueAsString(turn.answer()));
        args.add(deadLetter);
        args.add(Long.toString(KEEP_DEAD.toMillis()));
        args.add(Integer.toString(MOST_DEAD));
        args.add(Long.toString(pacing.chatOf(lockToken)
                .map(chat -> pacing.untilNext(chat).toMillis())
                .orElse(0L)));
        args.addAll(
                charging
                        ? quotas.chargeArgs(charge.user(), charge.promptTokens(), charge.completionTokens())
                        : List.of("", "", "", "", "", ""));
        args.addAll(items);
        Long result = RedisGuard.call(() -> redis.execute(FINISH, keys, args.toArray()));
        long outcome = result == null ? -1 : result;
        boolean charged = outcome >= 2;
        long held = charged ? outcome - 2 : outcome;
        if (held == 0) {
            lock.releasedByQueue(lockToken);
            pacing.drop(lockToken); // handed back with the lock
        }
        return new Completion(held >= 0, held == 1, charged);
    }

    @Override
    public long deadLetters() {
        Long size = RedisGuard.call(() -> redis.opsForList().size(DEAD));
        return size == null ? 0 : size;
    }

    @Override
    public List<String> waiting(int limit) {
        Set<String> ids = RedisGuard.call(() -> redis.opsForZSet().range(WAITING, 0, limit - 1L));
        return ids == null ? List.of() : List.copyOf(ids);
    }

    @Override
    public void forgetIfEmpty(String conversationId) {
        RedisGuard.call(() -> redis.execute(
                FORGET_IF_EMPTY,
                List.of(QUEUE + conversationId, WAITING),
                conversationId,
                Long.toString(System.currentTimeMillis())));
    }
}
