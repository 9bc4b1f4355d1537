package dev.chatbridge.core.imagine;

import dev.chatbridge.core.conversation.RedisGuard;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Short keys for task buttons. Midjourney customIds run to ~80 characters, while Telegram's
 * callback_data holds 64 bytes and Discord's custom_id 100 characters, so a button carries
 * {@code mj:<10 random chars>} and Redis maps it to the task, the customId, the owner and an
 * expiry. Pressing claims the key once, so a double press starts one job.
 */
public final class ButtonKeys {

    public static final String PREFIX = "mj:";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int KEY_LENGTH = 10;

    private final StringRedisTemplate redis;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final JsonMapper json = JsonMapper.builder().build();

    public ButtonKeys(StringRedisTemplate redis, Duration lifetime) {
        this.redis = redis;
        this.lifetime = lifetime;
    }

    /** What a button does, and who may press it. */
    public record Target(
            String taskId, String customId, String ownerUserId, String platform, String chatId, String prompt) {
        public Target {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(customId, "customId");
            Objects.requireNonNull(ownerUserId, "ownerUserId");
        }
    }

    public String create(Target target) {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < KEY_LENGTH; i++) {
            key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String value = json.writeValueAsString(target);
        RedisGuard.call(() -> {
            redis.opsForValue().set("cb:btn:" + key, value, lifetime);
            return null;
        });
        return key.toString();
    }

    /** The button's target, or empty when it expired (or never existed). */
    public Optional<Target> resolve(String key) {
        String raw = RedisGuard.call(() -> redis.opsForValue().get("cb:btn:" + key));
        return raw == null ? Optional.empty() : Optional.of(json.readValue(raw, Target.class));
    }

    /** True for the first press of a button, false for every later one (on any replica). */
    public boolean claimPress(String key) {
        return Boolean.TRUE.equals(
                RedisGuard.call(() -> redis.opsForValue().setIfAbsent("cb:btn-pressed:" + key, "1", lifetime)));
    }

    /** Lets a press be retried after the proxy refused it. */
    public void releasePress(String key) {
        RedisGuard.call(() -> redis.delete("cb:btn-pressed:" + key));
    }
}
