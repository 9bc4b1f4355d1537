package dev.chatbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Startup and idle memory, both ways an operator may start the bot: {@code ./chatbridge} (the extracted jar with the
 * JDK's AOT cache and {@code app/jvm.options}) and a plain {@code java -jar} with default JVM settings. First the
 * launcher's one-time work after a build (extracting the jar and the training run), then {@link #STARTS} starts of each
 * kind, alternating so that both see the same load on a shared machine. Each start is measured to readiness and then
 * left idle for {@link #SETTLE} before its memory is read.
 */
final class StartupRuns {

    static final int STARTS = 3;
    static final Duration SETTLE = Duration.ofSeconds(5);

    private StartupRuns() {}

    /** One start: ready after, Spring's own "Started … in", and the process at rest afterwards. */
    record Start(Duration readyAfter, double springSeconds, long idleRssBytes, int threads, AppProcess.Heap heap) {}

    record Figures(long jarBytes, Duration firstLauncherStart, List<Start> launcher, List<Start> plainJar) {}

    static Figures measure(Path jar, Path logs, List<String> springArgs) throws IOException, InterruptedException {
        long jarBytes = Files.size(jar);
        // What the launcher does once per build: the next start extracts the jar and trains the AOT cache.
        deleteRecursively(jar.toAbsolutePath().getParent().resolve("run"));
        Duration first;
        try (AppProcess app = AppProcess.start(
                "startup-launcher-first",
                AppProcess.Mode.LAUNCHER,
                jar,
                logs,
                AppProcess.freePort(),
                List.of(),
                springArgs)) {
            first = app.readyAfter();
        }
        Scenarios.progress(
                "  first ./chatbridge start after the build (extract + training + start): " + first.toMillis() + " ms");
        List<Start> launcher = new ArrayList<>();
        List<Start> plain = new ArrayList<>();
        for (int i = 1; i <= STARTS; i++) {
            launcher.add(once("startup-launcher-" + i, AppProcess.Mode.LAUNCHER, jar, logs, springArgs));
            plain.add(once("startup-plain-jar-" + i, AppProcess.Mode.PLAIN_JAR, jar, logs, springArgs));
        }
        return new Figures(jarBytes, first, launcher, plain);
    }

    private static Start once(String name, AppProcess.Mode mode, Path jar, Path logs, List<String> springArgs)
            throws IOException, InterruptedException {
        try (AppProcess app = AppProcess.start(name, mode, jar, logs, AppProcess.freePort(), List.of(), springArgs)) {
            Thread.sleep(SETTLE);
            Start start =
                    new Start(app.readyAfter(), app.springStartedSeconds(), app.rssBytes(), app.threads(), app.heap());
            Scenarios.progress("  " + name + ": ready after "
                    + start.readyAfter().toMillis() + " ms, idle RSS " + ProcFs.mib(start.idleRssBytes()));
            return start;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
