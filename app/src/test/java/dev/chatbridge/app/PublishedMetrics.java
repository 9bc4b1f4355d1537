package dev.chatbridge.app;

import dev.chatbridge.core.observe.BridgeMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code /actuator/prometheus} publishes: every ChatBridge meter and the gateway's circuit
 * breaker, each used once, scraped. The Grafana dashboard and the chart's alerts may only query
 * these names.
 */
final class PublishedMetrics {

    /** A ChatBridge or Resilience4j metric name followed by its label matchers. */
    static final Pattern QUERIED = Pattern.compile("\\b((?:chatbridge|resilience4j)_[a-z_]+)\\{");

    private PublishedMetrics() {}

    /** The metric names a PromQL expression queries. */
    static Set<String> queriedBy(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = QUERIED.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static String scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BridgeMetrics metrics = new BridgeMetrics(registry);
        metrics.updateReceived("tg", "message");
        metrics.answer("completed");
        metrics.answer("failed");
        metrics.firstToken(Duration.ofMillis(300));
        metrics.answerDuration(Duration.ofSeconds(3));
        metrics.bridgeOverhead(Duration.ofMillis(8));
        metrics.tokens("in", 10, false);
        metrics.platformCall("tg", "edit");
        metrics.rateLimited("tg");
        metrics.upstreamError("TIMEOUT");
        metrics.refused("messages_per_minute");
        metrics.imagineSubmitted();
        metrics.imagineJob("SUCCESS", Duration.ofSeconds(40));
        metrics.imagineJob("STUCK", Duration.ofMinutes(10));
        metrics.redisError("inbound");
        metrics.toolCall("current_time", true);
        metrics.imageJob("drawn");
        metrics.gauge("chatbridge.answers.active", "streams", () -> 1);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        breakers.circuitBreaker("chat-upstream");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        return registry.scrape();
    }
}
