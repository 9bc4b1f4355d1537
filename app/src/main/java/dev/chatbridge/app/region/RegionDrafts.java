package dev.chatbridge.app.region;

import dev.chatbridge.core.imagine.RegionEditor.RegionRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What a mask page shows, kept in Redis for the link's lifetime so that any replica serves it: the picture's URL
 * (too long for a link: Discord allows 512 characters) and the prompt to prefill. The picture's size is remembered
 * once it was first served. A submitted task's draft is gone, so its link cannot be used twice.
 */
class RegionDrafts {

    private static final String PREFIX = "cb:region:";

    /** A page's content; width and height are 0 until the picture was first served. */
    record Draft(String imageUrl, String prompt, int width, int height) {}

    private static final RedisScript<Long> SET_SIZE_IF_PRESENT = RedisScript.of(
            "if redis.call('exists', KEYS[1]) == 1 then"
                    + " return redis.call('hset', KEYS[1], 'width', ARGV[1], 'height', ARGV[2]) end return 0",
            Long.class);

    private final StringRedisTemplate redis;

    RegionDrafts(StringRedisTemplate redis) {
        this.redis = redis;
    }

    void save(RegionRequest request, Duration lifetime) {
        String key = PREFIX + request.taskId();
        redis.opsForHash().putAll(key, Map.of("imageUrl", request.imageUrl(), "prompt", request.prompt()));
        redis.expire(key, lifetime);
    }

    Optional<Draft> find(String taskId) {
        List<Object> values =
                redis.opsForHash().multiGet(PREFIX + taskId, List.of("imageUrl", "prompt", "width", "height"));
        if (values.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new Draft(
                (String) values.get(0),
                values.get(1) == null ? "" : (String) values.get(1),
                number(values.get(2)),
                number(values.get(3))));
    }

    /** Only while the draft exists: a submit that just removed it must not be undone. */
    void rememberSize(String taskId, int width, int height) {
        redis.execute(SET_SIZE_IF_PRESENT, List.of(PREFIX + taskId), Integer.toString(width), Integer.toString(height));
    }

    /** True for the one caller that removed it: the one whose submit goes ahead. */
    boolean remove(String taskId) {
        return Boolean.TRUE.equals(redis.delete(PREFIX + taskId));
    }

    /** Puts a draft back after a submit the proxy refused, so the user can try again. */
    void restore(String taskId, Draft draft, Duration lifetime) {
        String key = PREFIX + taskId;
        redis.opsForHash()
                .putAll(
                        key,
                        Map.of(
                                "imageUrl", draft.imageUrl(),
                                "prompt", draft.prompt(),
                                "width", Integer.toString(draft.width()),
                                "height", Integer.toString(draft.height())));
        redis.expire(key, lifetime);
    }

    private static int number(@Nullable Object value) {
        return value == null ? 0 : Integer.parseInt((String) value);
    }
}
