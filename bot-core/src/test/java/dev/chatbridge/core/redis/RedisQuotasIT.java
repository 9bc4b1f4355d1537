package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.quota.LimitKind;
import dev.chatbridge.core.quota.LimitedQuotas;
import dev.chatbridge.core.quota.QuotaSettings;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The limits' bookkeeping against a real Redis of its own (limit defaults are shared per Redis). */
class RedisQuotasIT {

    private static RedisTestServer.Dedicated server;
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private final QuotaUser user = new QuotaUser("tg", UUID.randomUUID().toString());

    @BeforeAll
    static void startRedis() {
        server = RedisTestServer.startDedicated();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void connect() {
        connections = RedisConnections.connect(server.url(), Duration.ofSeconds(2));
        redis = new StringRedisTemplate(connections);
    }

    @AfterEach
    void disconnect() {
        connections.destroy();
    }

    @Test
    void anAdminOverrideKeepsWhatTheUserAlreadyUsed() {
        try (var quotas = quotas(new QuotaSettings(0, 0, 5, 0), BridgeMetrics.none())) {
            for (int i = 0; i < 3; i++) {
                assertThat(quotas.admitImageJob(user, Language.EN)).isEmpty();
            }
            quotas.setLimit(user, LimitKind.IMAGES, 10);
            for (int i = 0; i < 7; i++) {
                assertThat(quotas.admitImageJob(user, Language.EN))
                        .as("job %d", i + 4)
                        .isEmpty();
            }
            assertThat(quotas.admitImageJob(user, Language.EN))
                    .hasValueSatisfying(text -> assertThat(text).startsWith("🎨 You've used today's 10 drawing jobs."));
            assertThat(quotas.usage(user).today().images()).isEqualTo(10);
            assertThat(quotas.usage(user).today().refused()).isEqualTo(1);

            quotas.setLimit(user, LimitKind.IMAGES, 0);
            assertThat(quotas.admitImageJob(user, Language.ZH)).isEmpty();
            quotas.setLimit(user, LimitKind.IMAGES, -1);
            assertThat(quotas.usage(user).limits().dailyImageJobs()).isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "in one script each: {0}")
    @ValueSource(booleans = {true, false})
    void tokensChargedPastTheBudgetRefuseTheNextQuestionOnly(boolean steps) {
        try (var quotas = quotas(new QuotaSettings(0, 100, 0, 0), BridgeMetrics.none(), steps)) {
            assertThat(quotas.admitChat(user, "first", Language.EN)).isEmpty();
            quotas.recordTokens(user, 60, 50);
            assertThat(quotas.admitChat(user, "second", Language.ZH))
                    .hasValueSatisfying(text -> assertThat(text).startsWith("📊 今日 100 个 token 的额度已用完"));
            Quotas.Usage usage = quotas.usage(user);
            assertThat(usage.today().tokensIn()).isEqualTo(60);
            assertThat(usage.today().tokensOut()).isEqualTo(50);
            assertThat(usage.tokensLeft()).isZero();
            assertThat(quotas.stats(5).top()).anySatisfy(top -> {
                assertThat(top.user()).isEqualTo(user);
                assertThat(top.tokens()).isEqualTo(110);
            });
        }
    }

    @ParameterizedTest(name = "in one script each: {0}")
    @ValueSource(booleans = {true, false})
    void newDefaultsAtStartupApplyToExistingBuckets(boolean steps) {
        try (var strict = quotas(new QuotaSettings(1, 0, 0, 0), BridgeMetrics.none(), steps)) {
            assertThat(strict.admitChat(user, "one", Language.EN)).isEmpty();
            assertThat(strict.admitChat(user, "two", Language.EN))
                    .hasValueSatisfying(text -> assertThat(text)
                            .contains("limit: 1 per minute")
                            .containsPattern("Try again in (\\d+ s|1 min)"));
        }
        // The operator raises the default; the user keeps what they used and gets the difference.
        try (var relaxed = quotas(new QuotaSettings(3, 0, 0, 0), BridgeMetrics.none(), steps)) {
            assertThat(relaxed.admitChat(user, "three", Language.EN)).isEmpty();
            assertThat(relaxed.admitChat(user, "four", Language.EN)).isEmpty();
            assertThat(relaxed.admitChat(user, "five", Language.EN)).isPresent();
        }
    }

    @ParameterizedTest(name = "in one script each: {0}")
    @ValueSource(booleans = {true, false})
    void refusesOverlongQuestionsWithoutCountingThem(boolean steps) {
        try (var quotas = quotas(new QuotaSettings(1, 0, 0, 10), BridgeMetrics.none(), steps)) {
            assertThat(quotas.admitChat(user, "0123456789ab", Language.EN))
                    .hasValueSatisfying(text -> assertThat(text).contains("12 characters; the limit is 10"));
            assertThat(quotas.admitChat(user, "short", Language.EN)).isEmpty();
        }
    }

    /** The quotas as the core assembles them, on this Redis. */
    private LimitedQuotas quotas(QuotaSettings settings, BridgeMetrics metrics) {
        return quotas(settings, metrics, true);
    }

    /** With {@code steps}, a chat's quota work runs as one script each, as in production. */
    private LimitedQuotas quotas(QuotaSettings settings, BridgeMetrics metrics, boolean steps) {
        LimitedQuotas quotas = new LimitedQuotas(
                settings,
                new RedisLimitOverrides(redis, settings.limits()),
                new RedisLimitBuckets(redis),
                new RedisUsageLedger(redis, java.time.Clock.systemUTC()),
                metrics,
                steps ? new RedisQuotaSteps(redis, settings.limits(), java.time.Clock.systemUTC()) : null);
        quotas.publishDefaults(); // as the core does at startup
        return quotas;
    }
}
