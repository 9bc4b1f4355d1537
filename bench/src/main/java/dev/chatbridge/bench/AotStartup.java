package dev.chatbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A what-if for startup, not the default: the jar extracted with Spring Boot's {@code -Djarmode=tools extract},
 * a training run that stops after the context refreshed ({@code -Dspring.context.exit=onRefresh}) and writes the
 * JDK's AOT cache (JDK 25+: {@code -XX:AOTCacheOutput}; before that a CDS archive), then real starts with it.
 */
final class AotStartup {

    private AotStartup() {}

    /** The ready times of {@code starts} starts with the cache. */
    static List<Duration> measure(Path jar, Path workDir, List<String> springArgs, int starts)
            throws IOException, InterruptedException {
        Path dir = workDir.resolve("aot");
        deleteRecursively(dir);
        Files.createDirectories(dir);
        run(
                dir,
                "extract.log",
                List.of(
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--destination",
                        dir.resolve("extracted").toString()));
        Path extracted = dir.resolve("extracted").resolve(jar.getFileName());
        boolean aotCache = Runtime.version().feature() >= 25;
        Path cache = dir.resolve(aotCache ? "chatbridge.aot" : "chatbridge.jsa");
        List<String> training = new ArrayList<>();
        training.add(aotCache ? "-XX:AOTCacheOutput=" + cache : "-XX:ArchiveClassesAtExit=" + cache);
        training.addAll(List.of(
                "-Dspring.context.exit=onRefresh",
                "-jar",
                extracted.toString(),
                "--server.port=" + AppProcess.freePort()));
        training.addAll(springArgs);
        run(dir, "training.log", training);
        List<Duration> ready = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            try (AppProcess app = AppProcess.start(
                    "6-aot-cache-" + (i + 1),
                    extracted,
                    workDir,
                    AppProcess.freePort(),
                    List.of(aotCache ? "-XX:AOTCache=" + cache : "-XX:SharedArchiveFile=" + cache),
                    springArgs)) {
                ready.add(app.readyAfter());
            }
        }
        return ready;
    }

    private static void run(Path dir, String log, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("Failed: " + command + "; see " + dir.resolve(log));
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
