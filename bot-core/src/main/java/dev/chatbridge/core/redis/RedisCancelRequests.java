package dev.chatbridge.core.redis;

import dev.chatbridge.core.chat.CancelRequests;
import dev.chatbridge.core.text.Language;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * {@link CancelRequests} over Redis pub/sub. A conversation is being answered where its lock
 * ({@link RedisConversationLock}) is held, so a request is only published then; every replica
 * subscribes, and the one writing the answer stops it.
 */
final class RedisCancelRequests implements CancelRequests {

    private static final Logger log = LoggerFactory.getLogger(RedisCancelRequests.class);
    private static final ChannelTopic TOPIC = new ChannelTopic("cb:cancel");

    private final StringRedisTemplate redis;
    private final RedisConversationLock lock;
    private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

    RedisCancelRequests(StringRedisTemplate redis, RedisConversationLock lock) {
        this.redis = redis;
        this.lock = lock;
        container.setConnectionFactory(redis.getRequiredConnectionFactory());
    }

    @Override
    public boolean requestElsewhere(String conversationId, Language language) {
        String holder = RedisGuard.call(() -> redis.opsForValue().get(RedisConversationLock.KEY + conversationId));
        // Held here, the answer would have been found among this replica's: it is between answers.
        if (holder == null || lock.holdsHere(holder)) {
            return false;
        }
        RedisGuard.call(() -> redis.convertAndSend(TOPIC.getTopic(), language.name() + " " + conversationId));
        return true;
    }

    @Override
    public void listen(BiConsumer<String, Language> cancel) {
        MessageListener listener = (Message message, byte[] pattern) -> {
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            int space = body.indexOf(' ');
            try {
                cancel.accept(body.substring(space + 1), Language.valueOf(body.substring(0, space)));
            } catch (RuntimeException e) {
                log.warn("Could not handle a cancel request '{}': {}", body, e.getMessage());
            }
        };
        container.addMessageListener(listener, TOPIC);
        container.afterPropertiesSet();
        container.start();
    }

    @Override
    public void close() {
        try {
            container.stop();
            container.destroy();
        } catch (Exception e) {
            log.debug("Stopping the cancel listener: {}", e.getMessage());
        }
    }
}
