package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.observe.BridgeMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Grafana dashboard in deploy/grafana queries only metrics the application publishes. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("../deploy/grafana/chatbridge.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:chatbridge|resilience4j)_[a-z_]+)\\{");

    @Test
    void everyPanelQueriesAPublishedMetric() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").isEmpty())
                    .as(panel.path("title").asString())
                    .isFalse();
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = METRIC.matcher(target.path("expr").asString());
                assertThat(matcher.find()).as(target.path("expr").asString()).isTrue();
                do {
                    queried.add(matcher.group(1));
                } while (matcher.find());
            }
        }

        String scrape = scrapeOfEveryMeter();
        assertThat(queried)
                .hasSizeGreaterThan(10)
                .allSatisfy(name -> assertThat(scrape).containsPattern("(?m)^" + name + "[{ ]"));
    }

    private static String scrapeOfEveryMeter() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BridgeMetrics metrics = new BridgeMetrics(registry);
        metrics.updateReceived("tg", "message");
        metrics.answer("completed");
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
