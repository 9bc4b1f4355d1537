package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.imagine.ModalAsk;
import dev.chatbridge.core.imagine.ModalAsks;
import dev.chatbridge.core.imagine.ModalKind;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The asks of MODAL tasks in Redis: found by task, ask id and message from any replica, answered once, kept a while. */
class RedisModalAsksIT {

    private LettuceConnectionFactory factory;
    private StringRedisTemplate redis;
    private ModalAsks asks;
    private ModalAsks otherReplica;

    @BeforeEach
    void connect() {
        factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        redis = new StringRedisTemplate(factory);
        asks = RedisStorage.of(redis, CoreStorage.Settings.defaults(Duration.ofHours(1), 50))
                .modalAsks();
        otherReplica = RedisStorage.of(redis, CoreStorage.Settings.defaults(Duration.ofHours(1), 50))
                .modalAsks();
    }

    @AfterEach
    void disconnect() {
        factory.destroy();
    }

    @Test
    void anAskIsFoundByTaskAskIdAndMessageOnAnotherReplica() {
        String taskId = "t-" + UUID.randomUUID();
        ModalAsk ask = new ModalAsk(
                "Ab3dEf6hJk", taskId, ModalKind.ZOOM, "tg", "-100:7", "42", Language.ZH, "a castle --zoom 2", 1234L);

        asks.save(ask, Duration.ofMinutes(5));
        asks.linkMessage("tg", "-100:7", "99", taskId, Duration.ofMinutes(5));

        assertThat(otherReplica.find(taskId)).contains(ask);
        assertThat(otherReplica.taskOf("Ab3dEf6hJk")).contains(taskId);
        assertThat(otherReplica.taskOfMessage("tg", "-100:7", "99")).contains(taskId);
        assertThat(otherReplica.taskOfMessage("tg", "-100:8", "99")).isEmpty();
        long ttl = redis.getExpire("cb:mj:ask:" + taskId);
        assertThat(ttl).isBetween(200L, 300L);
    }

    @Test
    void theFirstAnswerClaimsTheAskUntilItIsReleased() {
        String taskId = "t-" + UUID.randomUUID();

        assertThat(asks.claim(taskId, Duration.ofMinutes(5))).isTrue();
        assertThat(otherReplica.claim(taskId, Duration.ofMinutes(5))).isFalse();
        asks.release(taskId);
        assertThat(otherReplica.claim(taskId, Duration.ofMinutes(5))).isTrue();
    }
}
