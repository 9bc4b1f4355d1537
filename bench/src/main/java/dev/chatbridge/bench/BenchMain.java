package dev.chatbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Runs the benchmarks and prints one Markdown table to stdout (and to {@code bench.out}). System properties:
 * {@code bench.appJar} (the application jar), {@code bench.only} ({@code all}, {@code scenarios}, {@code startup}: only
 * startup and idle memory, {@code redis}: only the Redis round trips of a chat turn and the context store's latency,
 * {@code overhead}: only the overhead scenarios, {@code first}: only first answers after fresh starts, of
 * {@code bench.beforeJar} and {@code bench.appJar} alternately, {@code bench.starts} times each, {@code streams}: only
 * {@link StreamRuns}, or {@code jmh}), {@code bench.out}, {@code bench.logs} (the application's logs, one file per
 * start), and {@code bench.beforeJar}: the jar of a build from before a change (another checkout's
 * {@code app/target/chatbridge.jar}, started through that checkout's own launcher). With it, the same scenarios run
 * against that build and this one, and the table shows both side by side: {@link StreamRuns} and {@code first}
 * alternate the two builds themselves; the other scenarios run first against the earlier build.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Path appJar = Path.of(System.getProperty("bench.appJar", "app/target/chatbridge.jar"));
        String only = System.getProperty("bench.only", "all");
        Path out = Path.of(System.getProperty("bench.out", "bench/target/benchmarks.md"));
        Path logs = Path.of(System.getProperty("bench.logs", "bench/target/bench-logs"));
        Instant started = Instant.now();
        String beforeJar = System.getProperty("bench.beforeJar", "");
        Table table = new Table();
        Table before = null;
        if (only.equals("streams")) {
            StreamRuns.measure(appJar, logs, table);
        } else if (only.equals("first")) {
            Path earlier = Path.of(beforeJar.isBlank() ? appJar.toString() : beforeJar);
            int starts = Integer.getInteger("bench.starts", 2);
            new Report(table).write(new Scenarios(appJar, logs).runFirstAnswers(earlier, starts));
        } else {
            if (!beforeJar.isBlank() && !only.equals("jmh")) {
                Scenarios.progress("before: the scenarios against " + beforeJar);
                before = new Table();
                runScenarios(only, Path.of(beforeJar), logs.resolve("before"), before);
                Scenarios.progress("after: the same scenarios against " + appJar);
            }
            runScenarios(only, appJar, logs, table);
        }
        if (only.equals("all") || only.equals("jmh")) {
            Scenarios.progress("JMH microbenchmarks");
            Microbenchmarks.run(table);
        }
        String report = header(started) + "\n" + (before == null ? table.markdown() : Table.beforeAfter(before, table));
        System.out.println();
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        Scenarios.progress(
                "done in " + Duration.between(started, Instant.now()).toSeconds() + " s; table also in " + out);
        // The fakes' and Lettuce's worker threads are not all daemons.
        System.exit(0);
    }

    private static void runScenarios(String only, Path appJar, Path logs, Table table) throws Exception {
        if (only.equals("startup")) {
            new Report(table).write(new Scenarios(appJar, logs).runStartup());
        } else if (only.equals("redis")) {
            new Report(table).write(new Scenarios(appJar, logs).runRedis());
        } else if (only.equals("overhead")) {
            new Report(table).write(new Scenarios(appJar, logs).runOverhead());
        } else if (!only.equals("jmh")) {
            new Report(table).write(new Scenarios(appJar, logs).run());
        }
    }

    private static String header(Instant started) throws IOException {
        return String.format(
                Locale.ROOT,
                "ChatBridge benchmarks, %s UTC: %d cores (%s), %s RAM, %s %s (%s), %s %s%n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(started.atOffset(ZoneOffset.UTC)),
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                memTotal(),
                System.getProperty("java.vm.vendor"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("os.name"),
                System.getProperty("os.version"));
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown CPU");
    }

    private static String memTotal() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
                .findFirst()
                .orElse("unknown");
    }
}
