package dev.chatbridge.core.redis;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.pipeline.ConversationLock;
import dev.chatbridge.testsupport.redis.RedisRoundTrips;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A replica holding many conversations keeps every lock while Redis answers slowly: renewals must not wait for
 * each other. Renewed one after another, 300 locks at 10 ms a round trip took three seconds a round, longer than
 * the one-second lease, and most locks expired under a busy replica (which then answered twice after a takeover).
 */
class LockRenewalIT {

    private static final int HELD = 300;
    private static final Duration LEASE = Duration.ofSeconds(1);

    @Test
    void keepsManyLocksThroughSlowRedisRoundTrips() throws Exception {
        int port = URI.create(dev.chatbridge.testsupport.redis.RedisTestServer.url())
                .getPort();
        try (RedisRoundTrips slowRedis = new RedisRoundTrips(port, command -> false)) {
            var factory = RedisConnections.connect(slowRedis.url(), Duration.ofSeconds(5));
            try (RedisConversationLock lock = new RedisConversationLock(new StringRedisTemplate(factory), LEASE)) {
                List<ConversationLock.Held> held = new ArrayList<>();
                for (int i = 0; i < HELD; i++) {
                    held.add(lock.tryAcquire("tg:" + UUID.randomUUID() + ":1").orElseThrow());
                }
                int taken = slowRedis.count();

                // Three rounds of renewals, each a third of the lease apart.
                await(
                        "three rounds of renewals",
                        () -> slowRedis.count() - taken >= 3 * HELD
                                || held.stream().anyMatch(ConversationLock.Held::lost),
                        Duration.ofSeconds(30));

                assertThat(held).noneMatch(ConversationLock.Held::lost);
            } finally {
                factory.destroy();
            }
        }
    }
}
