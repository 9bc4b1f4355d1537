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
 * startup and idle memory, {@code overhead}: only the overhead scenarios, {@code first}: only
 * first answers after fresh starts, of {@code bench.beforeJar} and {@code bench.appJar} alternately,
 * {@code bench.starts} times each, or {@code jmh}),
 * {@code bench.out}, {@code bench.logs} (the application's logs, one file per start).
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Path appJar = Path.of(System.getProperty("bench.appJar", "app/target/chatbridge.jar"));
        String only = System.getProperty("bench.only", "all");
        Path out = Path.of(System.getProperty("bench.out", "bench/target/benchmarks.md"));
        Path logs = Path.of(System.getProperty("bench.logs", "bench/target/bench-logs"));
        Instant started = Instant.now();
        Table table = new Table();
        if (only.equals("startup")) {
            new Report(table).write(new Scenarios(appJar, logs).runStartup());
        } else if (only.equals("first")) {
            Path before = Path.of(System.getProperty("bench.beforeJar", appJar.toString()));
            int starts = Integer.getInteger("bench.starts", 2);
            new Report(table).write(new Scenarios(appJar, logs).runFirstAnswers(before, starts));
        } else if (only.equals("overhead")) {
            new Report(table).write(new Scenarios(appJar, logs).runOverhead());
        } else if (!only.equals("jmh")) {
            new Report(table).write(new Scenarios(appJar, logs).run());
        }
        if (only.equals("all") || only.equals("jmh")) {
            Scenarios.progress("JMH microbenchmarks");
            Microbenchmarks.run(table);
        }
        String report = header(started) + "\n" + table.markdown();
        System.out.println();
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        Scenarios.progress(
                "done in " + Duration.between(started, Instant.now()).toSeconds() + " s; table also in " + out);
        // The fakes' and Lettuce's worker threads are not all daemons.
        System.exit(0);
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
