package dev.chatbridge.core.chat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import reactor.core.publisher.Flux;

/**
 * Puts a circuit breaker in front of the gateway, so a dead gateway fails fast: once most recent
 * answers failed for reasons on the gateway's side (unreachable, timeouts, cut streams, 5xx),
 * further questions are refused at once for {@link Settings#openFor()} instead of each one holding
 * a thread and a connection, then a single trial call decides whether to close again. Refusals
 * by the gateway that concern one request (401, 429, 4xx) do not count.
 */
public final class ResilientChatUpstream implements ChatUpstream {

    private static final Set<UpstreamFailure.Kind> GATEWAY_FAULTS =
            EnumSet.of(UpstreamFailure.Kind.UNREACHABLE, UpstreamFailure.Kind.TIMEOUT, UpstreamFailure.Kind.STREAM_CUT);

    private final ChatUpstream upstream;
    private final CircuitBreaker breaker;

    public ResilientChatUpstream(ChatUpstream upstream, CircuitBreaker breaker) {
        this.upstream = upstream;
        this.breaker = breaker;
    }

    /** The breaker's configuration from {@code settings}. */
    public static CircuitBreakerConfig config(Settings settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(settings.minimumCalls(), 10))
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(ResilientChatUpstream::isGatewayFault)
                .build();
    }

    @Override
    public Flux<UpstreamEvent> stream(ChatRequest request) {
        return upstream.stream(request).transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    static boolean isGatewayFault(Throwable error) {
        UpstreamFailure failure = UpstreamFailure.of(error);
        return GATEWAY_FAULTS.contains(failure.kind())
                || failure.kind() == UpstreamFailure.Kind.GATEWAY_ERROR
                        && failure.detail().startsWith("HTTP 5");
    }

    /** When the breaker opens (failure rate over at least {@code minimumCalls} answers) and for how long. */
    public record Settings(int minimumCalls, float failureRatePercent, Duration openFor) {

        public Settings {
            if (minimumCalls < 1 || failureRatePercent <= 0 || failureRatePercent > 100) {
                throw new IllegalArgumentException("minimumCalls ≥ 1 and 0 < failureRatePercent ≤ 100");
            }
        }

        public static Settings defaults() {
            return new Settings(5, 50, Duration.ofSeconds(30));
        }
    }
}
