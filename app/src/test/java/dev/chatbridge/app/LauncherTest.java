package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./chatbridge} in a copy of the repository's scripts, with a fake Maven and fake JDKs that only record how
 * they are called: which JDK it picks, and that it builds, extracts and trains only when the jar, the JDK or the JVM
 * settings changed, then runs the extracted jar with the cache and the caller's arguments.
 */
class LauncherTest {

    private static final Path REPOSITORY = ConfigurationReference.REPOSITORY;

    @TempDir
    Path dir;

    private Path root;
    private Path calls;

    @BeforeEach
    void copyTheLauncherAndFakeTheTools() throws IOException {
        root = dir.resolve("repo");
        for (String file : List.of("chatbridge", "scripts/jdk.sh", "scripts/aot-train.sh", "app/jvm.options")) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.copy(REPOSITORY.resolve(file), root.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("app/src/main/java"));
        Files.writeString(root.resolve("app/src/main/java/App.java"), "class App {}");
        past(root.resolve("pom.xml"));
        past(root.resolve("app/src/main/java/App.java"));
        calls = dir.resolve("calls.log");
        fakeJdk("fake-17", "17.0.15");
        fakeJdk("fake-21", "21.0.9");
        fakeJdk("fake-25", "25.0.3");
        script(dir.resolve("bin/mvn"), """
                echo "mvn $*" >>"$CALLS"
                mkdir -p app/target && echo "jar $RANDOM" >app/target/chatbridge.jar
                """);
    }

    @Test
    void picksTheNewestJdk21PlusAndBuildsExtractsAndTrainsOnlyWhenSomethingChanged() throws Exception {
        // JAVA_HOME is 17: not enough, so the newest JDK under the folder is used.
        List<String> first = launch("--server.port=9999");
        assertThat(first)
                .containsExactly(
                        "mvn -q -B -pl app -am -DskipTests package",
                        "fake-25 -Djarmode=tools -jar " + root + "/app/target/chatbridge.jar extract --destination "
                                + root + "/app/target/run/app",
                        "fake-25 -XshowSettings:properties -version",
                        "fake-25 @" + root + "/app/jvm.options -XX:AOTCacheOutput=" + root
                                + "/app/target/run/chatbridge.aot -Dspring.context.exit=onRefresh -jar " + root
                                + "/app/target/run/app/chatbridge.jar --server.port=0",
                        "fake-25 @" + root + "/app/jvm.options -XX:AOTCache=" + root
                                + "/app/target/run/chatbridge.aot -jar " + root
                                + "/app/target/run/app/chatbridge.jar --server.port=9999");

        // Nothing changed: it only starts.
        assertThat(launch()).containsExactly(run());

        // The training's leftover (the embedded redis-server in a real run) was killed with its process group.
        long orphan =
                Long.parseLong(Files.readString(Path.of(calls + ".orphan")).strip());
        assertThat(running(orphan))
                .as("the training's leftover process %d", orphan)
                .isFalse();

        // A source newer than the jar: build, extract and train again.
        Files.setLastModifiedTime(
                root.resolve("app/target/chatbridge.jar"),
                FileTime.from(Instant.now().minusSeconds(7200)));
        assertThat(launch()).hasSize(5).first().isEqualTo("mvn -q -B -pl app -am -DskipTests package");

        // Other JVM settings: the cache is trained again, the jar stays.
        Files.writeString(root.resolve("app/jvm.options"), "-XX:+UseSerialGC\n");
        List<String> retrained = launch();
        assertThat(retrained).hasSize(3).last().isEqualTo(run());
        assertThat(retrained.get(1)).contains("-XX:AOTCacheOutput=");

        // Another training workload: trained again too.
        Files.writeString(root.resolve("scripts/aot-train.sh"), "\n# changed\n", StandardOpenOption.APPEND);
        List<String> workload = launch();
        assertThat(workload).hasSize(3).last().isEqualTo(run());
        assertThat(workload.get(1)).contains("-XX:AOTCacheOutput=");
    }

    @Test
    void aJavaHomeOf21OrNewerIsUsedAndJdksBefore25GetACdsArchive() throws Exception {
        List<String> started =
                launch(Map.of("JAVA_HOME", dir.resolve("jvm/fake-21").toString()));
        assertThat(started).allMatch(call -> call.startsWith("mvn") || call.startsWith("fake-21 "));
        assertThat(started.get(3)).contains("-XX:ArchiveClassesAtExit=" + root + "/app/target/run/chatbridge.jsa");
        assertThat(started.get(4)).contains("-XX:SharedArchiveFile=" + root + "/app/target/run/chatbridge.jsa");
    }

    @Test
    void aFailedTrainingStartsWithoutTheCache() throws Exception {
        Files.writeString(Path.of(calls + ".fail"), "");
        List<String> started = launch();
        Files.delete(Path.of(calls + ".fail"));
        assertThat(started).hasSize(5);
        assertThat(started.get(4))
                .doesNotContain("AOTCache")
                .endsWith("-jar " + root + "/app/target/run/app/chatbridge.jar");
        // The next start tries again.
        assertThat(launch()).hasSize(3);
    }

    private String run() {
        return "fake-25 @" + root + "/app/jvm.options -XX:AOTCache=" + root + "/app/target/run/chatbridge.aot -jar "
                + root + "/app/target/run/app/chatbridge.jar";
    }

    private List<String> launch(String... args) throws Exception {
        return launch(Map.of(), args);
    }

    private List<String> launch(Map<String, String> env, String... args) throws Exception {
        Files.deleteIfExists(calls);
        ProcessBuilder builder = new ProcessBuilder(
                        concat(List.of("bash", root.resolve("chatbridge").toString()), List.of(args)))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        environment.put("JAVA_HOME", dir.resolve("jvm/fake-17").toString());
        environment.put("CHATBRIDGE_JVM_DIR", dir.resolve("jvm").toString());
        environment.put("CALLS", calls.toString());
        environment.putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(Files.readString(dir.resolve("launcher.log")))
                .isZero();
        return Files.readAllLines(calls);
    }

    /**
     * A JDK that records its calls. The extract copies the jar; the training writes the cache and, like the real run
     * (its embedded redis-server), leaves a process behind in its process group, which the training script must kill.
     */
    private void fakeJdk(String name, String version) throws IOException {
        Path home = dir.resolve("jvm").resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(
                home.resolve("release"),
                "JAVA_VERSION=\"" + version + "\"\nJAVA_RUNTIME_VERSION=\"" + version + "\"\n");
        script(home.resolve("bin/javac"), "exit 0\n");
        String feature = version.substring(0, version.indexOf('.'));
        script(home.resolve("bin/java"), """
                CALLS='%s' # the training runs in an empty environment
                echo "%s $*" >>"$CALLS"
                for arg in "$@"; do
                  case "$arg" in
                    -XshowSettings:properties) echo "    java.specification.version = %s"; exit 0 ;;
                    -XX:AOTCacheOutput=*|-XX:ArchiveClassesAtExit=*)
                      [ ! -e "$CALLS.fail" ] || exit 3
                      sleep 300 & echo $! >"$CALLS.orphan"
                      echo cache >"${arg#*=}"; exit 0 ;;
                  esac
                done
                if [ "$1" = -Djarmode=tools ]; then mkdir -p "$6" && cp "$3" "$6/chatbridge.jar"; fi
                exit 0
                """.formatted(calls, name, feature));
    }

    private static void script(Path path, String body) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/usr/bin/env bash\n" + body);
        assertThat(path.toFile().setExecutable(true)).isTrue();
    }

    /** Whether the process exists and is not a zombie (a killed process nobody reaped yet). */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    }

    private static void past(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
