package dev.chatbridge.core.redis;

import dev.chatbridge.core.imagine.ModalAsk;
import dev.chatbridge.core.imagine.ModalAsks;
import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ModalAsks} in Redis: the ask as JSON under its task id, its ask id and the asking message pointing at the
 * task id, and a SET NX marker for the one answer. Every key lives as long as the ask is kept.
 */
final class RedisModalAsks implements ModalAsks {

    private static final String ASK = "cb:mj:ask:";
    private static final String ASK_ID = "cb:mj:ask-id:";
    private static final String MESSAGE = "cb:mj:ask-msg:";
    private static final String ANSWERED = "cb:mj:ask-answered:";

    private final StringRedisTemplate redis;
    private final JsonMapper json = JsonMapper.builder().build();

    RedisModalAsks(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void save(ModalAsk ask, Duration keep) {
        String value = json.writeValueAsString(ask);
        RedisGuard.call(() -> {
            redis.opsForValue().set(ASK + ask.taskId(), value, keep);
            redis.opsForValue().set(ASK_ID + ask.askId(), ask.taskId(), keep);
            return null;
        });
    }

    @Override
    public Optional<ModalAsk> find(String taskId) {
        String raw = RedisGuard.call(() -> redis.opsForValue().get(ASK + taskId));
        return raw == null ? Optional.empty() : Optional.of(json.readValue(raw, ModalAsk.class));
    }

    @Override
    public Optional<String> taskOf(String askId) {
        return Optional.ofNullable(RedisGuard.call(() -> redis.opsForValue().get(ASK_ID + askId)));
    }

    @Override
    public void linkMessage(String platform, String chatId, String messageId, String taskId, Duration keep) {
        RedisGuard.call(() -> {
            redis.opsForValue().set(messageKey(platform, chatId, messageId), taskId, keep);
            return null;
        });
    }

    @Override
    public Optional<String> taskOfMessage(String platform, String chatId, String messageId) {
        return Optional.ofNullable(
                RedisGuard.call(() -> redis.opsForValue().get(messageKey(platform, chatId, messageId))));
    }

    @Override
    public boolean claim(String taskId, Duration keep) {
        return Boolean.TRUE.equals(
                RedisGuard.call(() -> redis.opsForValue().setIfAbsent(ANSWERED + taskId, "1", keep)));
    }

    @Override
    public void release(String taskId) {
        RedisGuard.call(() -> redis.delete(ANSWERED + taskId));
    }

    private static String messageKey(String platform, String chatId, String messageId) {
        return MESSAGE + platform + ":" + chatId + ":" + messageId;
    }
}
