package dev.chatbridge.bench;

import dev.chatbridge.testsupport.redis.RedisRoundTrips;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The end-to-end scenarios. Each starts the real application in its own JVM, through {@code ./chatbridge} as an
 * operator would, against fresh fakes and a fresh dedicated Redis, so every figure comes from one clean run:
 *
 * <ol>
 *   <li>startup and idle memory: {@code ./chatbridge} (after its one-time extract and training) against a plain
 *       {@code java -jar}, {@link StartupRuns#STARTS} starts each;
 *   <li>Redis round trips of a chat turn (through a counting relay), then Midjourney jobs by polling;
 *   <li>Midjourney jobs with the notify hook;
 *   <li>100 concurrent conversations with {@code streaming=EDIT} (send, then edit, as in groups);
 *   <li>the default (DRAFT) configuration: idle resources, then 1, 10, 100, 250, 500 and 1000 concurrent
 *       conversations;
 *   <li>before: the same 1000 with a plain {@code java -jar} and default JVM settings.
 * </ol>
 */
final class Scenarios {

    static final int[] LEVELS = {10, 100, 250, 500, 1000};
    private static final int SEQUENTIAL = 5;
    private static final Duration LEVEL_TIMEOUT = Duration.ofSeconds(240);

    private final Path appJar;
    private final Path logs;

    Scenarios(Path appJar, Path logs) {
        this.appJar = appJar;
        this.logs = logs;
    }

    /** Everything the scenarios measured, for {@link Report}. */
    static final class Results {
        ContextLatency.Figures context;
        RedisTurn.Figures newConversation;
        RedisTurn.Figures nextTurn;
        MidjourneyJobs.Figures polling;
        MidjourneyJobs.Figures hook;
        BatchFigures edit;
        final List<BatchFigures> sweep = new ArrayList<>();
        Idle idle;
        int rateViolations;
        int refusedCalls;
        StartupRuns.Figures startup;
        BatchFigures plainJar;
        /** {@code -Dbench.only=overhead}: per streaming mode, the batches of {@link #runOverhead()} in order. */
        final java.util.Map<String, List<BatchFigures>> overhead = new java.util.LinkedHashMap<>();
        /** {@code -Dbench.only=overhead}: per streaming mode, how long the JIT took to settle. */
        final java.util.Map<String, WarmUp> warmUps = new java.util.LinkedHashMap<>();
    }

    /** Labels of {@link #runOverhead()}'s batches, for {@link Report}. */
    static final String FIRST_ANSWER = "first answer after start";

    static final String LONE_SLOW_COLD = "lone chat, 5 in a row right after the first";
    static final String SLOW_30 = "30 concurrent, slow pacing, right after start";
    static final String LONE_SLOW_WARM = "lone chat, warm (after the warm-up), 5 in a row";

    /**
     * Only the overhead scenarios ({@code -Dbench.only=overhead}), for each streaming mode in a fresh app: the first
     * answer of the fresh process, then more lone answers and 30 concurrent with the slow pacing of issue 16's outside
     * measurement ({@link Answer#slowReply()}), then the warm-up and the bench's usual pacing at 1 (5 in a row), 30,
     * 100 and, in DRAFT mode, 1000 concurrent.
     */
    Results runOverhead() throws Exception {
        Results results = new Results();
        for (String mode : List.of("DRAFT", "EDIT")) {
            progress("overhead, streaming=" + mode + ": a fresh app");
            List<BatchFigures> batches = new ArrayList<>();
            results.overhead.put(mode, batches);
            try (Fakes fakes = new Fakes();
                    RedisTestServer.Dedicated redis = dedicatedRedis()) {
                List<String> args = new ArrayList<>(fakes.appArgs(redis.url()));
                args.add("--chatbridge.telegram.streaming=" + mode);
                try (AppProcess app =
                        start(results, "overhead-" + mode.toLowerCase(Locale.ROOT), AppProcess.freePort(), args)) {
                    LoadRun load = new LoadRun(fakes, app, 20_000_000L);
                    batches.add(load.batch(FIRST_ANSWER, Answer.slowReply(), 1, 1, LEVEL_TIMEOUT));
                    progress("  first answer after start: "
                            + batches.getLast().overhead().p50p95p99());
                    batches.add(load.batch(LONE_SLOW_COLD, Answer.slowReply(), 1, SEQUENTIAL, LEVEL_TIMEOUT));
                    batches.add(load.batch(SLOW_30, Answer.slowReply(), 30, 1, LEVEL_TIMEOUT));
                    results.warmUps.put(mode, warmUp(load, app));
                    batches.add(load.batch(LONE_SLOW_WARM, Answer.slowReply(), 1, SEQUENTIAL, LEVEL_TIMEOUT));
                    batches.add(load.batch("1", 1, SEQUENTIAL, LEVEL_TIMEOUT, false));
                    for (int level : mode.equals("DRAFT") ? new int[] {30, 100, 1000} : new int[] {30, 100}) {
                        Thread.sleep(2_000);
                        progress("  " + level + " concurrent");
                        batches.add(load.batch(Integer.toString(level), level, 1, LEVEL_TIMEOUT, false));
                    }
                    for (BatchFigures batch : batches) {
                        progress("  " + batch.label() + ": " + batch.overhead().p50p95p99() + ", "
                                + batch.rateViolations() + " rate violation(s), " + batch.refusedCalls() + " refused");
                    }
                    countRefusals(results, fakes);
                }
            }
        }
        return results;
    }

    /** Only the startup and idle-memory runs ({@code -Dbench.only=startup}). */
    Results runStartup() throws Exception {
        Results results = new Results();
        startup(results);
        return results;
    }

    private void startup(Results results) throws Exception {
        progress("startup and idle memory: ./chatbridge and plain java -jar, " + StartupRuns.STARTS + " starts each");
        try (Fakes fakes = new Fakes();
                RedisTestServer.Dedicated redis = dedicatedRedis()) {
            results.startup = StartupRuns.measure(appJar, logs, fakes.appArgs(redis.url()));
        }
    }

    /** Only the Redis round trips of a chat turn and the context store's latency ({@code -Dbench.only=redis}). */
    Results runRedis() throws Exception {
        Results results = new Results();
        progress("context store latency (beginTurn / appendPair) on an idle Redis");
        results.context = ContextLatency.measure();
        progress("Redis round trips of a chat turn");
        try (Fakes fakes = new Fakes();
                RedisTestServer.Dedicated redis = dedicatedRedis();
                RedisRoundTrips relay = new RedisRoundTrips(redis.port(), RedisTurn::besideTheTurn);
                AppProcess app = start(results, "1-redis", AppProcess.freePort(), fakes.appArgs(relay.url()))) {
            RedisTurn.measure(fakes, relay, 9_001); // first use: scripts loaded, connections opened
            results.newConversation = RedisTurn.measure(fakes, relay, 9_002);
            results.nextTurn = RedisTurn.measure(fakes, relay, 9_002);
        }
        return results;
    }

    Results run() throws Exception {
        Results results = new Results();
        // First, so that the launcher's one-time training is done before the other scenarios start it.
        startup(results);
        progress("context store latency (beginTurn / appendPair) on an idle Redis");
        results.context = ContextLatency.measure();

        progress("app #1: Redis round trips of a chat turn, then Midjourney by polling");
        try (Fakes fakes = new Fakes();
                RedisTestServer.Dedicated redis = dedicatedRedis();
                RedisRoundTrips relay = new RedisRoundTrips(redis.port(), RedisTurn::besideTheTurn);
                AppProcess app =
                        start(results, "1-redis-and-polling", AppProcess.freePort(), fakes.appArgs(relay.url()))) {
            RedisTurn.measure(fakes, relay, 9_001); // first use: scripts loaded, connections opened
            results.newConversation = RedisTurn.measure(fakes, relay, 9_002);
            results.nextTurn = RedisTurn.measure(fakes, relay, 9_002);
            results.polling = MidjourneyJobs.run(fakes, 9_100);
        }

        progress("app #2: Midjourney with the notify hook");
        int hookPort = AppProcess.freePort();
        try (Fakes fakes = new Fakes();
                RedisTestServer.Dedicated redis = dedicatedRedis()) {
            List<String> args = new ArrayList<>(fakes.appArgs(redis.url()));
            args.add("--chatbridge.mj.notify-hook-base-url=http://127.0.0.1:" + hookPort);
            args.add("--chatbridge.mj.notify-secret=bench-hook-secret");
            try (AppProcess app = start(results, "2-notify-hook", hookPort, args)) {
                results.hook = MidjourneyJobs.run(fakes, 9_200);
            }
        }

        progress("app #3: 100 concurrent conversations with streaming=EDIT");
        try (Fakes fakes = new Fakes();
                RedisTestServer.Dedicated redis = dedicatedRedis()) {
            List<String> args = new ArrayList<>(fakes.appArgs(redis.url()));
            args.add("--chatbridge.telegram.streaming=EDIT");
            try (AppProcess app = start(results, "3-edit-mode", AppProcess.freePort(), args)) {
                LoadRun load = warmedUp(fakes, app);
                results.edit = load.batch("EDIT, 100 concurrent", 100, 1, LEVEL_TIMEOUT, true);
                countRefusals(results, fakes);
            }
        }

        progress("app #4: default configuration, idle, then 1 to 1000 concurrent conversations");
        try (Fakes fakes = new Fakes();
                RedisTestServer.Dedicated redis = dedicatedRedis();
                AppProcess app = start(results, "4-load", AppProcess.freePort(), fakes.appArgs(redis.url()))) {
            Thread.sleep(3_000);
            results.idle = Idle.of(app);
            LoadRun load = warmedUp(fakes, app);
            progress("  1 conversation at a time, " + SEQUENTIAL + " in a row");
            results.sweep.add(load.batch("1", 1, SEQUENTIAL, LEVEL_TIMEOUT, true));
            for (int level : LEVELS) {
                Thread.sleep(2_000);
                progress("  " + level + " concurrent");
                results.sweep.add(load.batch(Integer.toString(level), level, 1, LEVEL_TIMEOUT, true));
            }
            countRefusals(results, fakes);
        }

        progress("before: 1000 concurrent with a plain java -jar (default JVM settings)");
        try (Fakes fakes = new Fakes();
                RedisTestServer.Dedicated redis = dedicatedRedis();
                AppProcess app = AppProcess.start(
                        "5-plain-java-jar",
                        appJar,
                        logs,
                        AppProcess.freePort(),
                        List.of(),
                        fakes.appArgs(redis.url()))) {
            LoadRun load = warmedUp(fakes, app);
            Thread.sleep(2_000);
            results.plainJar = load.batch("1000", 1000, 1, LEVEL_TIMEOUT, true);
            countRefusals(results, fakes);
        }
        return results;
    }

    /**
     * Only the first answers of fresh processes ({@code -Dbench.only=first}): {@code starts} fresh starts of each jar
     * in each streaming mode, {@code beforeJar}'s and this run's alternately, so that both see the same load on a
     * shared machine. Each start measures the first answer and then {@value #SEQUENTIAL} lone answers, all with the
     * slow pacing of {@link Answer#slowReply()}.
     */
    Results runFirstAnswers(Path beforeJar, int starts) throws Exception {
        Results results = new Results();
        for (int round = 1; round <= starts; round++) {
            for (String mode : List.of("DRAFT", "EDIT")) {
                for (Path jar : List.of(beforeJar, appJar)) {
                    String which = (jar == appJar ? "after" : "before") + ", " + mode + " #" + round;
                    progress("first answer, " + which);
                    try (Fakes fakes = new Fakes();
                            RedisTestServer.Dedicated redis = dedicatedRedis()) {
                        List<String> args = new ArrayList<>(fakes.appArgs(redis.url()));
                        args.add("--chatbridge.telegram.streaming=" + mode);
                        String name = "first-" + which.replaceAll("[^A-Za-z0-9]+", "-");
                        try (AppProcess app = AppProcess.start(name, jar, logs, AppProcess.freePort(), args)) {
                            progress("  ready after " + app.readyAfter().toMillis() + " ms");
                            LoadRun load = new LoadRun(fakes, app, 30_000_000L);
                            List<BatchFigures> batches = new ArrayList<>();
                            batches.add(load.batch(FIRST_ANSWER, Answer.slowReply(), 1, 1, LEVEL_TIMEOUT));
                            batches.add(load.batch(LONE_SLOW_COLD, Answer.slowReply(), 1, SEQUENTIAL, LEVEL_TIMEOUT));
                            progress("  first answer "
                                    + batches.getFirst().overhead().p50p95p99() + "; then "
                                    + batches.getLast().overhead().p50p95p99());
                            results.overhead.put(which, batches);
                            countRefusals(results, fakes);
                        }
                    }
                }
            }
        }
        return results;
    }

    /** A fresh real Redis of the run's own, stopped even when the run is interrupted. */
    static RedisTestServer.Dedicated dedicatedRedis() {
        RedisTestServer.Dedicated redis = RedisTestServer.startDedicated();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "stop-redis-" + redis.port()));
        return redis;
    }

    /** Flood-control violations and any other refused Bot API call, over the whole run of one app. */
    private static void countRefusals(Results results, Fakes fakes) {
        results.rateViolations += fakes.telegram.rateViolations();
        results.refusedCalls += (int) fakes.telegram.calls().stream()
                .filter(call -> !call.succeeded())
                .count();
    }

    private LoadRun warmedUp(Fakes fakes, AppProcess app) throws IOException, InterruptedException {
        LoadRun load = new LoadRun(fakes, app, 10_000_000L);
        warmUp(load, app);
        return load;
    }

    /** A warm-up batch of 100 during which the JIT compiled for less than this counts as settled. */
    static final Duration JIT_SETTLED = Duration.ofMillis(200);

    static final int MIN_WARM_UPS = 2;
    static final int MAX_WARM_UPS = 16;

    /** The JIT's compile time in each warm-up batch, in order, and whether it settled under {@link #JIT_SETTLED}. */
    record WarmUp(List<Duration> compileTimes, boolean settled) {
        @Override
        public String toString() {
            return compileTimes.size() + " × 100 concurrent, JIT compiling per batch (ms): "
                    + compileTimes.stream()
                            .map(time -> Long.toString(time.toMillis()))
                            .collect(Collectors.joining(" "))
                    + (settled ? "" : " (not under " + JIT_SETTLED.toMillis() + " ms after " + MAX_WARM_UPS + ")");
        }
    }

    /**
     * Batches of 100 concurrent (not counted) until the JIT has settled: at least {@value #MIN_WARM_UPS}, then until
     * one batch costs the compiler threads less than {@link #JIT_SETTLED}, at most {@value #MAX_WARM_UPS}. After only
     * two, C2 was still compiling through the measured batches, sharing the two cores with them, and the p99 at 100
     * measured the JIT more than the bot (docs/benchmarks.md). A first answer after start is measured on its own, cold.
     */
    private static WarmUp warmUp(LoadRun load, AppProcess app) throws IOException, InterruptedException {
        List<Duration> compileTimes = new ArrayList<>();
        while (true) {
            Duration before = ProcFs.compilerCpu(app.pid());
            load.batch("warm-up", 100, 1, LEVEL_TIMEOUT, false);
            Duration compiling = ProcFs.compilerCpu(app.pid()).minus(before);
            compileTimes.add(compiling);
            boolean settled = compileTimes.size() >= MIN_WARM_UPS && compiling.compareTo(JIT_SETTLED) < 0;
            if (settled || compileTimes.size() == MAX_WARM_UPS) {
                WarmUp warmUp = new WarmUp(List.copyOf(compileTimes), settled);
                progress("  warm-up (not counted): " + warmUp);
                return warmUp;
            }
        }
    }

    private AppProcess start(Results results, String name, int port, List<String> args)
            throws IOException, InterruptedException {
        AppProcess app = AppProcess.start(name, appJar, logs, port, args);
        progress("  app " + name + " ready after " + app.readyAfter().toMillis() + " ms");
        return app;
    }

    /** The app's resources a few seconds after it became ready, with nothing to do. */
    record Idle(long rss, AppProcess.Heap heap, int threads) {
        static Idle of(AppProcess app) throws IOException, InterruptedException {
            return new Idle(app.rssBytes(), app.heap(), app.threads());
        }
    }

    static void progress(String message) {
        System.err.println(String.format(Locale.ROOT, "[bench %tT] %s", System.currentTimeMillis(), message));
    }
}
