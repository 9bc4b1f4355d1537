package dev.chatbridge.core.redis;

import dev.chatbridge.core.pipeline.ConversationLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** {@link ConversationLock} as a Redis key per conversation holding its holder's token, with a renewed lease. */
final class RedisConversationLock implements ConversationLock {

    private static final Logger log = LoggerFactory.getLogger(RedisConversationLock.class);
    private static final String KEY = "cb:lock:";

    private static final RedisScript<Long> RELEASE = RedisScript.of(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
            Long.class);
    private static final RedisScript<Long> RENEW = RedisScript.of(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end",
            Long.class);

    private final StringRedisTemplate redis;
    private final Duration lease;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("lock-renewer").factory());

    RedisConversationLock(StringRedisTemplate redis, Duration lease) {
        this.redis = redis;
        this.lease = lease;
    }

    @Override
    public Optional<Held> tryAcquire(String conversationId) {
        String key = KEY + conversationId;
        String token = UUID.randomUUID().toString();
        if (!Boolean.TRUE.equals(RedisGuard.call(() -> redis.opsForValue().setIfAbsent(key, token, lease)))) {
            return Optional.empty();
        }
        long renewEvery = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewal =
                renewer.scheduleAtFixedRate(() -> renew(key, token), renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        return Optional.of(new RenewedLease(key, token, renewal));
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

    private void renew(String key, String token) {
        try {
            redis.execute(RENEW, List.of(key), token, Long.toString(lease.toMillis()));
        } catch (DataAccessException e) {
            log.warn("Could not renew {}: {}", key, e.getMessage());
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    /** A held lock. */
    private final class RenewedLease implements Held {
        private final String key;
        private final String token;
        private final ScheduledFuture<?> renewal;

        private RenewedLease(String key, String token, ScheduledFuture<?> renewal) {
            this.key = key;
            this.token = token;
            this.renewal = renewal;
        }

        @Override
        public void close() {
            renewal.cancel(false);
            try {
                redis.execute(RELEASE, List.of(key), token);
            } catch (DataAccessException e) {
                log.warn("Could not release {} (it expires by itself): {}", key, e.getMessage());
            }
        }
    }
}
