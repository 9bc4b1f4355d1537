package dev.chatbridge.bench;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the JMH benchmarks of the hot paths, short (1 fork, 2 × 1 s warm-up, 3 × 1 s measured), into the table. */
final class Microbenchmarks {

    /** What each benchmark measures, for the table. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "split12kInto4096", "MessageSplitter.split, 12,000 chars of Markdown into 4096-char messages",
            "render3500Chars", "TelegramHtml.render, 3,500 chars of Markdown to Telegram HTML",
            "count4000Chars", "TokenCounter.count, 4,000 chars not counted before (o200k_base)",
            "fit200TurnsInto16kTokens",
                    "ContextWindow.fit, 200 stored turns into a 16,000-token budget, counts remembered",
            "appendAllThenDeliver", "StreamingReply: 880 deltas appended, then the final delivery",
            "streamWhileDelivering", "StreamingReply: 880 deltas from a producer thread while delivering, no pacing");

    private Microbenchmarks() {}

    /** JMH 1.37 uses sun.misc.Unsafe, which JDK 24+ warns about in every fork. */
    private static String[] quietUnsafeWarnings() {
        return Runtime.version().feature() >= 24
                ? new String[] {"--sun-misc-unsafe-memory-access=allow"}
                : new String[0];
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static void run(Table table) throws RunnerException {
        Options options = new OptionsBuilder()
                .include("dev\\.chatbridge\\.")
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .timeUnit(TimeUnit.MICROSECONDS)
                .verbosity(VerboseMode.SILENT)
                .jvmArgsAppend(quietUnsafeWarnings())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        results.stream()
                .sorted(Comparator.comparing(result -> result.getParams().getBenchmark()))
                .forEach(result -> {
                    String benchmark = result.getParams().getBenchmark();
                    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
                    Result<?> primary = result.getPrimaryResult();
                    // With 3 iterations a 99.9 % confidence interval says little; the spread says more.
                    table.add(
                            "JMH: " + DESCRIPTIONS.getOrDefault(method, method),
                            String.format(
                                    Locale.ROOT,
                                    "%s %s (iterations %s–%s)",
                                    number(primary.getScore()),
                                    primary.getScoreUnit().replace("us/op", "µs/op"),
                                    number(primary.getStatistics().getMin()),
                                    number(primary.getStatistics().getMax())));
                });
    }
}
