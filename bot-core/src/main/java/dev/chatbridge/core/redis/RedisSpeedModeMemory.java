package dev.chatbridge.core.redis;

import dev.chatbridge.core.imagine.SpeedModeMemory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link SpeedModeMemory} in Redis, per proxy (a hash of its base URL, which may carry credentials): whether it
 * serves the mode routes, for {@code recheckAfter} (then the next submit in a mode tries again, so an upgraded proxy
 * is found), and a SET NX marker per user told that it does not, for {@code noticeLifetime}.
 */
final class RedisSpeedModeMemory implements SpeedModeMemory {

    private final StringRedisTemplate redis;
    private final String offeredKey;
    private final String toldPrefix;
    private final Duration recheckAfter;
    private final Duration noticeLifetime;

    RedisSpeedModeMemory(StringRedisTemplate redis, String endpoint, Duration recheckAfter, Duration noticeLifetime) {
        this.redis = redis;
        String proxy = hash(endpoint);
        this.offeredKey = "cb:mj:modes:" + proxy;
        this.toldPrefix = "cb:mj:modes-told:" + proxy + ":";
        this.recheckAfter = recheckAfter;
        this.noticeLifetime = noticeLifetime;
    }

    @Override
    public Offered offered() {
        String value = RedisGuard.call(() -> redis.opsForValue().get(offeredKey));
        if (value == null) {
            return Offered.UNKNOWN;
        }
        return "yes".equals(value) ? Offered.YES : Offered.NO;
    }

    @Override
    public void remember(boolean offered) {
        RedisGuard.call(() -> {
            redis.opsForValue().set(offeredKey, offered ? "yes" : "no", recheckAfter);
            return null;
        });
    }

    @Override
    public boolean firstNotice(String platform, String userId) {
        return Boolean.TRUE.equals(RedisGuard.call(
                () -> redis.opsForValue().setIfAbsent(toldPrefix + platform + ":" + userId, "1", noticeLifetime)));
    }

    private static String hash(String endpoint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
