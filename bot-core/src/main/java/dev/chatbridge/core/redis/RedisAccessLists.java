package dev.chatbridge.core.redis;

import dev.chatbridge.core.access.AccessLists;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@link AccessLists} as two Redis sets. */
final class RedisAccessLists implements AccessLists {

    static final String ALLOWED = "access:allowed";
    static final String BLOCKED = "access:blocked";

    private final StringRedisTemplate redis;

    RedisAccessLists(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Both lists in one round trip. */
    @Override
    public Standing standing(String userId) {
        List<Object> member = RedisGuard.pipelined(redis, ops -> {
            ops.opsForSet().isMember(BLOCKED, userId);
            ops.opsForSet().isMember(ALLOWED, userId);
        });
        return new Standing(Boolean.TRUE.equals(member.get(0)), Boolean.TRUE.equals(member.get(1)));
    }

    @Override
    public void allow(String userId, boolean keepOnAllowlist) {
        RedisGuard.call(() -> {
            redis.opsForSet().remove(BLOCKED, userId);
            return keepOnAllowlist ? redis.opsForSet().add(ALLOWED, userId) : null;
        });
    }

    @Override
    public void block(String userId) {
        RedisGuard.call(() -> {
            redis.opsForSet().remove(ALLOWED, userId);
            return redis.opsForSet().add(BLOCKED, userId);
        });
    }

    @Override
    public Set<String> blocked() {
        Set<String> members = RedisGuard.call(() -> redis.opsForSet().members(BLOCKED));
        return members == null ? Set.of() : new TreeSet<>(members);
    }
}
