package dev.chatbridge.bench;

import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * What many concurrent streams cost the app ({@code -Dbench.only=streams}): the app started through {@code
 * ./chatbridge} (the launcher's shipped settings), warmed up with 2 × 100 conversations, then a batch of 500 (the
 * app's CPU time, utime + stime from /proc, over the batch) and a batch of 1000 (platform threads and RSS at the
 * sample with the most answers in flight, and the bridge overhead). With {@code -Dbench.beforeJar=<jar>} (a build of an
 * earlier commit, whose own {@code ./chatbridge} starts it; or {@code label=<jar>,label=<jar>}) it measures those jars
 * too, alternating them with this one {@link #ROUNDS} times so that both see the same load on a shared machine, and prints the load average of each run.
 */
final class StreamRuns {

    static final int ROUNDS = Integer.getInteger("bench.streams.rounds", 2);
    private static final Duration TIMEOUT = Duration.ofSeconds(240);

    private StreamRuns() {}

    /** One app start and its two batches. */
    record Run(String variant, int round, String loadBefore, BatchFigures at500, BatchFigures at1000) {}

    static void measure(Path afterJar, Path logs, Table table) throws Exception {
        Map<String, Path> variants = new LinkedHashMap<>();
        // A jar, or several as label=jar,label=jar (say, main and an intermediate commit).
        for (String item : System.getProperty("bench.beforeJar", "").split(",")) {
            if (!item.isBlank()) {
                int eq = item.indexOf('=');
                variants.put(
                        eq < 0 ? "before" : item.substring(0, eq).strip(),
                        Path.of(item.substring(eq + 1).strip()));
            }
        }
        variants.put("after", afterJar);
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            // Alternate which goes first, so neither always meets the machine right after the other's shutdown.
            List<Map.Entry<String, Path>> order = new ArrayList<>(variants.entrySet());
            if (round % 2 == 0) {
                order = order.reversed();
            }
            for (Map.Entry<String, Path> variant : order) {
                runs.add(once(variant.getKey(), round, variant.getValue(), logs));
            }
        }
        report(runs, variants, table);
    }

    private static Run once(String variant, int round, Path jar, Path logs) throws Exception {
        String loadAverage = loadAverage();
        Scenarios.progress("streams, " + variant + " (" + jar + "), round " + round + ", load average " + loadAverage);
        try (Fakes fakes = new Fakes();
                RedisTestServer.Dedicated redis = Scenarios.dedicatedRedis();
                AppProcess app = AppProcess.start(
                        "streams-" + variant + "-" + round,
                        jar,
                        logs,
                        AppProcess.freePort(),
                        fakes.appArgs(redis.url()))) {
            Scenarios.progress("  ready after " + app.readyAfter().toMillis() + " ms; warm-up 2 × 100 (not counted)");
            LoadRun load = new LoadRun(fakes, app, 20_000_000L + round * 1_000_000L);
            for (int i = 0; i < 2; i++) {
                load.batch("warm-up", 100, 1, TIMEOUT, false);
            }
            Thread.sleep(2_000);
            Scenarios.progress("  500 concurrent");
            BatchFigures at500 = load.batch("500", 500, 1, TIMEOUT, false);
            Thread.sleep(2_000);
            Scenarios.progress("  1000 concurrent");
            ThreadCensus census = ThreadCensus.start(app.pid());
            BatchFigures at1000 = load.batch("1000", 1000, 1, TIMEOUT, true);
            Run run = new Run(variant, round, loadAverage, at500, at1000);
            Scenarios.progress("  " + describe(run));
            Scenarios.progress("  most threads during the 1000 batch: " + census.stop());
            return run;
        }
    }

    /**
     * The app's OS threads (the platform threads; virtual threads have none) by name, at the sample with the most,
     * once a second from /proc/PID/task/TID/comm: what the platform threads that remain are for.
     */
    private static final class ThreadCensus {
        private final long pid;
        private final Thread sampler;
        private volatile Map<String, Integer> most = Map.of();
        private volatile int mostCount;

        private ThreadCensus(long pid) {
            this.pid = pid;
            this.sampler = Thread.ofVirtual().name("thread-census").unstarted(this::sample);
        }

        static ThreadCensus start(long pid) {
            ThreadCensus census = new ThreadCensus(pid);
            census.sampler.start();
            return census;
        }

        private void sample() {
            while (!Thread.currentThread().isInterrupted()) {
                try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                    Map<String, Integer> byName = new TreeMap<>();
                    int count = 0;
                    for (Path task : tasks.toList()) {
                        try {
                            String name = Files.readString(task.resolve("comm")).strip();
                            byName.merge(name.replaceAll("[0-9]+", "#"), 1, Integer::sum);
                            count++;
                        } catch (IOException e) {
                            // the thread ended between list and read
                        }
                    }
                    if (count > mostCount) {
                        mostCount = count;
                        most = byName;
                    }
                    Thread.sleep(1_000);
                } catch (IOException e) {
                    return; // the app is gone
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        String stop() throws InterruptedException {
            sampler.interrupt();
            sampler.join();
            return mostCount + " " + most;
        }
    }

    private static void report(List<Run> runs, Map<String, Path> variants, Table table) {
        for (String variant : variants.keySet()) {
            List<Run> mine =
                    runs.stream().filter(run -> run.variant().equals(variant)).toList();
            String scenario =
                    "Streams, " + variant + " (" + variants.get(variant) + "), ./chatbridge, " + mine.size() + " runs";
            double threads = median(mine, run -> peak(run).threads());
            table.add(
                    scenario + ": platform threads at 1000 concurrent streams",
                    String.format(
                            Locale.ROOT,
                            "median %.0f (%s)",
                            threads,
                            each(mine, run -> peak(run).threads(), "%.0f")),
                    "≤ 100",
                    threads <= 100);
            double rss = median(mine, run -> mib(peak(run).rssBytes()));
            table.add(
                    scenario + ": RSS at 1000 concurrent streams (highest RSS of the batch)",
                    String.format(
                            Locale.ROOT,
                            "median %.0f MiB (%s; highest %s MiB); heap used %s of %s MiB committed",
                            rss,
                            each(mine, run -> mib(peak(run).rssBytes()), "%.0f"),
                            each(mine, run -> mib(peak(run).maxRssBytes()), "%.0f"),
                            each(mine, run -> mib(peak(run).heapUsedBytes()), "%.0f"),
                            each(mine, run -> mib(peak(run).heapCommittedBytes()), "%.0f")),
                    "≤ 512 MiB",
                    median(mine, run -> mib(peak(run).maxRssBytes())) <= 512);
            table.add(
                    scenario + ": app CPU time over the 500-stream batch (utime + stime)",
                    String.format(
                            Locale.ROOT,
                            "median %.1f s (%s s); wall %s s; %s answers completed",
                            median(mine, StreamRuns::cpuSeconds500),
                            each(mine, StreamRuns::cpuSeconds500, "%.1f"),
                            each(mine, run -> run.at500().wallSeconds(), "%.1f"),
                            each(mine, run -> run.at500().completed(), "%.0f")));
            double p99 = median(mine, run -> run.at1000().overhead().p99());
            table.add(
                    scenario + ": bridge overhead p99 at 1000 concurrent",
                    String.format(
                            Locale.ROOT,
                            "median %.0f ms (%s ms; p50 %s ms)",
                            p99,
                            each(mine, run -> run.at1000().overhead().p99(), "%.0f"),
                            each(mine, run -> run.at1000().overhead().p50(), "%.0f")),
                    "≤ 100 ms",
                    p99 <= 100);
            table.add(
                    scenario + ": load average (1, 5, 15 min) when each run started",
                    String.join("; ", mine.stream().map(Run::loadBefore).toList()));
        }
    }

    private static double cpuSeconds500(Run run) {
        return run.at500().appCpuPercent() * run.at500().wallSeconds() / 100;
    }

    private static BatchFigures.ResourceSample peak(Run run) {
        BatchFigures.ResourceSample peak = run.at1000().peak();
        if (peak == null) {
            throw new IllegalStateException("no resource sample in the 1000-stream batch of " + run);
        }
        return peak;
    }

    private static String describe(Run run) {
        BatchFigures.ResourceSample peak = run.at1000().peak();
        return String.format(
                Locale.ROOT,
                "%s: 500: app CPU %.1f s over %.1f s; 1000: %s in flight, %s platform threads, RSS %s (highest %s),"
                        + " overhead p50 %.0f / p99 %.0f ms, %d/%d completed",
                run.variant(),
                cpuSeconds500(run),
                run.at500().wallSeconds(),
                peak == null ? "?" : peak.inFlight(),
                peak == null ? "?" : peak.threads(),
                peak == null ? "?" : ProcFs.mib(peak.rssBytes()),
                peak == null ? "?" : ProcFs.mib(peak.maxRssBytes()),
                run.at1000().overhead().p50(),
                run.at1000().overhead().p99(),
                run.at1000().completed(),
                run.at1000().conversations());
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String each(List<Run> runs, ToDoubleFunction<Run> figure, String format) {
        return String.join(
                ", ",
                runs.stream()
                        .sorted(Comparator.comparingInt(Run::round))
                        .map(run -> String.format(Locale.ROOT, format, figure.applyAsDouble(run)))
                        .toList());
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return fields[0] + ", " + fields[1] + ", " + fields[2];
    }
}
