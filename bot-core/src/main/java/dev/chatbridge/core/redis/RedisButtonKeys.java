package dev.chatbridge.core.redis;

import dev.chatbridge.core.imagine.ButtonKeys;
import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** {@link ButtonKeys} as a Redis string per key (the target as JSON) and a SET NX marker per press. */
final class RedisButtonKeys implements ButtonKeys {

    private final StringRedisTemplate redis;
    private final Duration lifetime;
    private final JsonMapper json = JsonMapper.builder().build();

    RedisButtonKeys(StringRedisTemplate redis, Duration lifetime) {
        this.redis = redis;
        this.lifetime = lifetime;
    }

    @Override
    public String create(Target target) {
        String key = ButtonKeys.newKey();
        String value = json.writeValueAsString(target);
        RedisGuard.call(() -> {
            redis.opsForValue().set("cb:btn:" + key, value, lifetime);
            return null;
        });
        return key;
    }

    @Override
    public Optional<Target> resolve(String key) {
        String raw = RedisGuard.call(() -> redis.opsForValue().get("cb:btn:" + key));
        return raw == null ? Optional.empty() : Optional.of(json.readValue(raw, Target.class));
    }

    @Override
    public boolean claimPress(String key) {
        return Boolean.TRUE.equals(
                RedisGuard.call(() -> redis.opsForValue().setIfAbsent("cb:btn-pressed:" + key, "1", lifetime)));
    }

    @Override
    public void releasePress(String key) {
        RedisGuard.call(() -> redis.delete("cb:btn-pressed:" + key));
    }
}
