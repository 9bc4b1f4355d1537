package dev.chatbridge.core.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Every meter ChatBridge publishes, in one place so names and tags stay consistent with the
 * Grafana dashboard ({@code deploy/grafana/chatbridge.json}). Prometheus sees them as
 * {@code chatbridge_*}; timers publish histogram buckets so quantiles can be computed across
 * replicas.
 */
public final class BridgeMetrics {

    private final MeterRegistry registry;

    public BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters that go nowhere, for tests and tools that do not publish metrics. */
    public static BridgeMetrics none() {
        return new BridgeMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** An update from a platform: {@code kind} is message, command or button. */
    public void updateReceived(String platform, String kind) {
        counter(
                        "chatbridge.updates.received",
                        "Updates received from the platforms",
                        "platform",
                        platform,
                        "kind",
                        kind)
                .increment();
    }

    /** An answer ended: completed, failed, cancelled or refused (by a limit, before any upstream call). */
    public void answer(String result) {
        counter("chatbridge.answers", "Answers by result", "result", result).increment();
    }

    public void firstToken(Duration latency) {
        timer("chatbridge.answer.first.token", "From the upstream request to the first token")
                .record(latency);
    }

    public void answerDuration(Duration duration) {
        timer("chatbridge.answer.duration", "From the upstream request to the end of delivery")
                .record(duration);
    }

    /** The bridge's own work before the upstream call: ordering wait excluded, history load and trimming included. */
    public void bridgeOverhead(Duration overhead) {
        timer("chatbridge.bridge.overhead", "Time ChatBridge spends before calling the upstream")
                .record(overhead);
    }

    public void tokens(String direction, long count, boolean estimated) {
        if (count > 0) {
            counter(
                            "chatbridge.tokens",
                            "Tokens sent to (in) and received from (out) the model",
                            "direction",
                            direction,
                            "source",
                            estimated ? "estimate" : "usage")
                    .increment(count);
        }
    }

    /** A call to a platform: send, edit, draft or image. */
    public void platformCall(String platform, String call) {
        counter(
                        "chatbridge.platform.calls",
                        "Messages sent and edited on the platforms",
                        "platform",
                        platform,
                        "call",
                        call)
                .increment();
    }

    /** A 429 from a platform ({@code source} = the platform) or from the gateway ({@code gateway}). */
    public void rateLimited(String source) {
        counter("chatbridge.ratelimited.received", "HTTP 429 answers received", "source", source)
                .increment();
    }

    public void upstreamError(String kind) {
        counter("chatbridge.upstream.errors", "Gateway failures by kind", "kind", kind)
                .increment();
    }

    /** A user request refused by a quota or an input limit; {@code limit} names which. */
    public void refused(String limit) {
        counter("chatbridge.limits.refused", "Requests refused by a limit", "limit", limit)
                .increment();
    }

    /** A Midjourney job ended in {@code state} (SUCCESS, FAILURE, CANCEL, LOST, STUCK, ...). */
    public void imagineJob(String state, Duration duration) {
        Timer.builder("chatbridge.imagine.job.duration")
                .description("Midjourney jobs by final state, from submit to the end")
                .tag("state", state)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry)
                .record(duration);
    }

    /** A drawing through the gateway's images API ({@code /image} or the tool): drawn, refused, not_supported, unavailable. */
    public void imageJob(String result) {
        counter("chatbridge.image.jobs", "Images API drawings by result", "result", result)
                .increment();
    }

    /** A tool call the model asked for; {@code tool} is the tool's name, or "unknown" for names that are not tools. */
    public void toolCall(String tool, boolean succeeded) {
        counter(
                        "chatbridge.tool.calls",
                        "Tool calls by tool and result",
                        "tool",
                        tool,
                        "result",
                        succeeded ? "ok" : "failed")
                .increment();
    }

    public void imagineSubmitted() {
        counter("chatbridge.imagine.jobs.submitted", "Midjourney jobs submitted")
                .increment();
    }

    public void redisError(String where) {
        counter("chatbridge.redis.errors", "Redis calls that failed", "where", where)
                .increment();
    }

    /** A gauge read on every scrape, e.g. the number of answers streaming now. */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value)
                .description(description)
                .register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }
}
