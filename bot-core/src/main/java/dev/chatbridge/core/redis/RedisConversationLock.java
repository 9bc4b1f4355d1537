package dev.chatbridge.core.redis;

import dev.chatbridge.core.pipeline.ConversationLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** {@link ConversationLock} as a Redis key per conversation holding its holder's token, with a renewed lease. */
final class RedisConversationLock implements ConversationLock {

    private static final Logger log = LoggerFactory.getLogger(RedisConversationLock.class);
    static final String KEY = "cb:lock:";

    /**
     * Lets go of the lock and hands back the chat's pacing lease if it is still ours, leaving a slot key for the
     * time the chat must still wait. KEYS: lock, pace. ARGV: token, lease value, ms still to wait.
     */
    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[2]) == ARGV[2] then
              if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[3]) else redis.call('DEL', KEYS[2]) end
            end
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end""", Long.class);

    /** Renews the lock and the chat's pacing lease with it. KEYS: lock, pace. ARGV: token, lease ms, lease value. */
    private static final RedisScript<Long> RENEW = RedisScript.of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            if redis.call('GET', KEYS[2]) == ARGV[3] and redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
            end
            return 1""", Long.class);

    /** A key no pacing lease uses, for a lock without one (every script names the same KEYS). */
    private static final String NO_PACE = PacingLeases.PACE + "-";

    private final StringRedisTemplate redis;
    private final Duration lease;
    private final PacingLeases pacing;
    private final Map<String, RenewedLease> heldTokens = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("lock-renewer").factory());

    RedisConversationLock(StringRedisTemplate redis, Duration lease) {
        this(redis, lease, new PacingLeases());
    }

    RedisConversationLock(StringRedisTemplate redis, Duration lease, PacingLeases pacing) {
        this.redis = redis;
        this.lease = lease;
        this.pacing = pacing;
    }

    Duration lease() {
        return lease;
    }

    @Override
    public Optional<Held> tryAcquire(String conversationId) {
        String key = KEY + conversationId;
        String token = UUID.randomUUID().toString();
        if (!Boolean.TRUE.equals(RedisGuard.call(() -> redis.opsForValue().setIfAbsent(key, token, lease)))) {
            return Optional.empty();
        }
        return Optional.of(adopt(conversationId, token));
    }

    /**
     * A lock that {@link RedisConversationQueue} took under {@code token} in the step that queued a message (with
     * the chat's pacing lease, if it took one): renewed from now on, like one taken here.
     */
    Held adopt(String conversationId, String token) {
        RenewedLease held = new RenewedLease(KEY + conversationId, token);
        heldTokens.put(token, held);
        long renewEvery = Math.max(1, lease.toMillis() / 3);
        // Each renewal on a virtual thread of its own: run one after another on the timer's thread, a replica's
        // renewals took a round trip each in turn, and with hundreds of locks and a slow Redis a round outlasted
        // the lease. Side by side, they share the connection as one pipeline.
        held.renewal = renewer.scheduleAtFixedRate(
                () -> Thread.ofVirtual().name("lock-renewal").start(held::renewUnlessRenewing),
                renewEvery,
                renewEvery,
                TimeUnit.MILLISECONDS);
        return held;
    }

    /** Whether this replica holds a lock under {@code token}. */
    boolean holdsHere(String token) {
        return heldTokens.containsKey(token);
    }

    /**
     * The step that finished the conversation's last item let go of the lock held under {@code token}: its renewal
     * stops at once, so it cannot find the key gone (or another replica's) and take the lock for lost.
     */
    void releasedByQueue(String token) {
        RenewedLease held = heldTokens.get(token);
        if (held != null) {
            held.released();
        }
    }

    /** One round trip for all of them. */
    @Override
    public List<String> unheld(List<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        List<String> holders = RedisGuard.call(() -> redis.opsForValue()
                .multiGet(conversationIds.stream().map(id -> KEY + id).toList()));
        List<String> free = new ArrayList<>();
        for (int i = 0; i < conversationIds.size(); i++) {
            if (holders == null || holders.get(i) == null) {
                free.add(conversationIds.get(i));
            }
        }
        return free;
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    /**
     * A held lock, renewed every third of the lease. It is lost when the renewal finds another
     * token in the key, or when no renewal has succeeded for a whole lease (Redis unreachable: the
     * key may have expired and been taken meanwhile).
     */
    private final class RenewedLease implements Held {
        private final String key;
        private final String token;
        private volatile long renewedNanos = System.nanoTime();
        private volatile @Nullable ScheduledFuture<?> renewal;
        private final AtomicBoolean lost = new AtomicBoolean();
        private final AtomicBoolean renewing = new AtomicBoolean();
        private volatile boolean released;
        private final List<Runnable> onLost = new CopyOnWriteArrayList<>();

        private RenewedLease(String key, String token) {
            this.key = key;
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public boolean lost() {
            return lost.get();
        }

        @Override
        public void onLost(Runnable action) {
            onLost.add(action);
            if (lost.get() && onLost.remove(action)) {
                action.run();
            }
        }

        /** A renewal still waiting for Redis is not joined by the next one. */
        private void renewUnlessRenewing() {
            if (renewing.compareAndSet(false, true)) {
                try {
                    renew();
                } finally {
                    renewing.set(false);
                }
            }
        }

        private String paceKey() {
            return pacing.chatOf(token).map(PacingLeases::key).orElse(NO_PACE);
        }

        private void renew() {
            if (released) {
                return;
            }
            long started = System.nanoTime();
            try {
                Long renewed = redis.execute(
                        RENEW,
                        List.of(key, paceKey()),
                        token,
                        Long.toString(lease.toMillis()),
                        PacingLeases.LEASE_PREFIX + token);
                if (renewed != null && renewed == 1L) {
                    renewedNanos = started;
                    return;
                }
                log.warn("Lost {}: another replica holds it now", key);
            } catch (DataAccessException e) {
                if (started - renewedNanos < lease.toNanos()) {
                    log.warn("Could not renew {}, will try again: {}", key, e.getMessage());
                    return;
                }
                log.warn("Lost {}: not renewed for a whole lease ({})", key, e.getMessage());
            }
            markLost();
        }

        private void markLost() {
            heldTokens.remove(token);
            pacing.drop(token);
            if (lost.compareAndSet(false, true)) {
                ScheduledFuture<?> running = renewal;
                if (running != null) {
                    running.cancel(false);
                }
                for (Runnable action : onLost) {
                    if (onLost.remove(action)) {
                        action.run();
                    }
                }
            }
        }

        @Override
        public void released() {
            released = true;
            ScheduledFuture<?> running = renewal;
            if (running != null) {
                running.cancel(false);
            }
        }

        @Override
        public void close() {
            heldTokens.remove(token);
            ScheduledFuture<?> running = renewal;
            if (running != null) {
                running.cancel(false);
            }
            onLost.clear();
            if (lost.get() || released) {
                pacing.drop(token);
                return;
            }
            try {
                String paceKey = paceKey();
                long wait = pacing.chatOf(token)
                        .map(chat -> pacing.untilNext(chat).toMillis())
                        .orElse(0L);
                redis.execute(
                        RELEASE, List.of(key, paceKey), token, PacingLeases.LEASE_PREFIX + token, Long.toString(wait));
            } catch (DataAccessException e) {
                log.warn("Could not release {} (it expires by itself): {}", key, e.getMessage());
            } finally {
                pacing.drop(token);
            }
        }
    }
}
