package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.observe.PlatformConnection;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health beyond Boot's own Redis indicator: the gateway (down while its circuit breaker is open,
 * that is, while recent answers failed on its side) and each platform connection.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    HealthIndicator gatewayHealthIndicator(ChatBridgeCore core) {
        return () -> {
            CircuitBreaker breaker = core.upstreamBreaker();
            Health.Builder health = switch (breaker.getState()) {
                case OPEN, FORCED_OPEN -> Health.down();
                case HALF_OPEN -> Health.unknown();
                default -> Health.up();
            };
            return health.withDetail("circuitBreaker", breaker.getState().name())
                    .withDetail("failureRatePercent", breaker.getMetrics().getFailureRate())
                    .withDetail("recentCalls", breaker.getMetrics().getNumberOfBufferedCalls())
                    .build();
        };
    }

    /** Down while the adapter's start waits for its platform to become reachable, then as its connection says. */
    static HealthIndicator platformHealth(AdapterLifecycle lifecycle, PlatformConnection connection) {
        return () -> {
            AdapterLifecycle.Waiting waiting = lifecycle.waiting();
            if (waiting != null) {
                return Health.down()
                        .withDetail(
                                "connection",
                                "unreachable since " + waiting.since() + " (" + waiting.attempts() + " attempts): "
                                        + Redaction.secrets(waiting.reason()))
                        .withDetail("nextAttempt", waiting.nextAttempt().toString())
                        .build();
            }
            PlatformConnection.State state = connection.state();
            return (state.up() ? Health.up() : Health.down())
                    .withDetail("connection", state.detail())
                    .build();
        };
    }
}
