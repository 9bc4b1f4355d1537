package dev.chatbridge.core.access;

import dev.chatbridge.core.conversation.RedisGuard;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Who may use the bot right now: the operator's {@link AccessPolicy} ({@code BOT_ALLOWED_USERS},
 * {@code BOT_ADMINS}) plus what admins changed at runtime with {@code /allow} and {@code /block}.
 * The runtime lists live in Redis, so every replica applies them at once and they survive
 * restarts. Admins can never be blocked. With an empty allowlist everyone not blocked may use the
 * bot; {@code /allow} then only lifts a block.
 */
public final class AccessControl {

    private static final String ALLOWED = "access:allowed";
    private static final String BLOCKED = "access:blocked";

    private final AccessPolicy policy;
    private final StringRedisTemplate redis;

    public AccessControl(AccessPolicy policy, StringRedisTemplate redis) {
        this.policy = policy;
        this.redis = redis;
    }

    public enum Verdict {
        ALLOWED,
        NOT_ON_ALLOWLIST,
        BLOCKED
    }

    public Verdict check(String userId) {
        if (policy.isAdmin(userId)) {
            return Verdict.ALLOWED;
        }
        // Both runtime lists in one round trip.
        List<Object> member = RedisGuard.pipelined(redis, ops -> {
            ops.opsForSet().isMember(BLOCKED, userId);
            ops.opsForSet().isMember(ALLOWED, userId);
        });
        if (Boolean.TRUE.equals(member.get(0))) {
            return Verdict.BLOCKED;
        }
        return policy.allows(userId) || Boolean.TRUE.equals(member.get(1)) ? Verdict.ALLOWED : Verdict.NOT_ON_ALLOWLIST;
    }

    public boolean allows(String userId) {
        return check(userId) == Verdict.ALLOWED;
    }

    public boolean isAdmin(String userId) {
        return policy.isAdmin(userId);
    }

    /** Lets a user in (and lifts any block). */
    public void allow(String userId) {
        RedisGuard.call(() -> {
            redis.opsForSet().remove(BLOCKED, userId);
            return policy.allowedUsers().isEmpty() ? null : redis.opsForSet().add(ALLOWED, userId);
        });
    }

    /** Shuts a user out; false (and nothing changes) for an admin. */
    public boolean block(String userId) {
        if (policy.isAdmin(userId)) {
            return false;
        }
        RedisGuard.call(() -> {
            redis.opsForSet().remove(ALLOWED, userId);
            return redis.opsForSet().add(BLOCKED, userId);
        });
        return true;
    }

    public Set<String> blocked() {
        Set<String> members = RedisGuard.call(() -> redis.opsForSet().members(BLOCKED));
        return members == null ? Set.of() : new TreeSet<>(members);
    }
}
