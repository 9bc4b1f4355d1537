package dev.chatbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application in a JVM of its own, so its startup, heap and RSS are its own and not the fakes'. Started as an
 * operator starts it: by default through the repository's {@code ./chatbridge} launcher (extracted jar, the JDK's AOT
 * cache, {@code app/jvm.options}), or, for comparison, with a plain {@code java -jar app/target/chatbridge.jar} and
 * default JVM settings. Ready means {@code /actuator/health/readiness} answers 200, which Spring Boot only does after
 * every lifecycle bean, the Telegram long polling included, has started.
 */
final class AppProcess implements AutoCloseable {

    // The first launcher start after a build includes the AOT training run (1 to 2 minutes on a loaded machine).
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern STARTED =
            Pattern.compile("Started ChatBridgeApplication in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final Duration readyAfter;

    private AppProcess(String name, Process process, int port, Path log, Duration readyAfter) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.readyAfter = readyAfter;
    }

    /** How the application is started. */
    enum Mode {
        /** {@code ./chatbridge}: the extracted jar with the AOT cache and {@code app/jvm.options}. */
        LAUNCHER,
        /** {@code java -jar app/target/chatbridge.jar} with default JVM settings. */
        PLAIN_JAR
    }

    /** Starts the application through the repository's launcher with these Spring arguments, and waits until ready. */
    static AppProcess start(String name, Path jar, Path logDir, int port, List<String> springArgs)
            throws IOException, InterruptedException {
        return start(name, Mode.LAUNCHER, jar, logDir, port, List.of(), springArgs);
    }

    /** The same with plain {@code java -jar} and these JVM options, for what-if runs. */
    static AppProcess start(
            String name, Path jar, Path logDir, int port, List<String> jvmOptions, List<String> springArgs)
            throws IOException, InterruptedException {
        return start(name, Mode.PLAIN_JAR, jar, logDir, port, jvmOptions, springArgs);
    }

    /**
     * Starts the application and waits until it is ready. {@code jvmOptions} only with {@link Mode#PLAIN_JAR}; the
     * launcher takes its JVM settings from {@code app/jvm.options}, as an operator's start does.
     */
    static AppProcess start(
            String name, Mode mode, Path jar, Path logDir, int port, List<String> jvmOptions, List<String> springArgs)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No application jar at " + jar + "; build it with -pl bench -am");
        }
        List<String> command = new ArrayList<>();
        if (mode == Mode.LAUNCHER) {
            if (!jvmOptions.isEmpty()) {
                throw new IllegalArgumentException("The launcher takes its JVM options from app/jvm.options");
            }
            command.add(launcher(jar).toString());
        } else {
            command.add(javaBinary());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.add("--server.port=" + port);
        command.addAll(springArgs);
        return start(name, command, logDir, port);
    }

    /** {@code ./chatbridge} of the repository that built {@code jar} ({@code <root>/app/target/chatbridge.jar}). */
    static Path launcher(Path jar) {
        return jar.toAbsolutePath().getParent().getParent().getParent().resolve("chatbridge");
    }

    private static AppProcess start(String name, List<String> command, Path logDir, int port)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve("app-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Only the arguments configure it: nothing from the caller's environment may point it elsewhere.
        builder.environment()
                .keySet()
                .removeIf(key -> key.startsWith("TELEGRAM_")
                        || key.startsWith("OPENAI_")
                        || key.startsWith("MJ_")
                        || key.startsWith("REDIS_")
                        || key.startsWith("CHATBRIDGE_")
                        || key.startsWith("BOT_")
                        || key.startsWith("DISCORD_")
                        || key.equals("SERVER_PORT")
                        || key.startsWith("JAVA_TOOL_OPTIONS")
                        || key.startsWith("JDK_JAVA_OPTIONS"));
        // The launcher runs the JDK the benchmarks run on (the toolchain's), not whatever JAVA_HOME the caller has.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long started = System.nanoTime();
        Process process = builder.start();
        // Never leave an app behind, even when the run is interrupted.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-app-" + name));
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The application exited during startup; see " + log);
            }
            if (System.nanoTime() - started > START_TIMEOUT.toNanos()) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "The application was not ready after " + START_TIMEOUT + "; see " + log);
            }
            if (status(readiness) == 200) {
                break;
            }
            Thread.sleep(10);
        }
        return new AppProcess(name, process, port, log, Duration.ofNanos(System.nanoTime() - started));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** From {@code ProcessBuilder.start()} to the first 200 from the readiness probe. */
    Duration readyAfter() {
        return readyAfter;
    }

    /** Spring's own "Started ... in X seconds (process running for Y)": X, or NaN if not logged. */
    double springStartedSeconds() throws IOException {
        Matcher matcher = STARTED.matcher(Files.readString(log));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    /** Resident set size of the whole process, from /proc. */
    long rssBytes() throws IOException {
        return ProcFs.statusKb(process.pid(), "VmRSS") * 1024;
    }

    int threads() throws IOException {
        return (int) ProcFs.statusKb(process.pid(), "Threads");
    }

    /** User + system CPU time the process used so far. */
    double cpuSeconds() throws IOException {
        return ProcFs.cpuSeconds(process.pid());
    }

    /** Heap figures from the app's own Micrometer metrics ({@code /actuator/prometheus}). */
    Heap heap() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        double used = 0;
        double committed = 0;
        double max = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += value(line);
            } else if (line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"heap\"")) {
                committed += value(line);
            } else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")) {
                max += Math.max(0, value(line));
            }
        }
        return new Heap((long) used, (long) committed, (long) max);
    }

    record Heap(long usedBytes, long committedBytes, long maxBytes) {}

    private static double value(String line) {
        String[] parts = line.trim().split(" ");
        return Double.parseDouble(parts[parts.length - 1]);
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The JVM running the benchmarks: the toolchain's JDK 21+, which the app needs as well. */
    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops it as an orchestrator would (SIGTERM, graceful shutdown), and kills it if that takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            System.err.println("[bench] app " + name + " did not stop in 40 s; killing it");
            process.destroyForcibly().waitFor();
        }
    }
}
