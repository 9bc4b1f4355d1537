package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One set of JVM settings, {@code app/jvm.options}, for every way of starting the bot: {@code ./chatbridge} and the
 * image (whose ENTRYPOINT the Helm chart runs; {@link HelmChartTest} checks that the chart adds no flags of its own).
 * The AOT cache is trained with the same file, since a cache trained with other settings is not used.
 */
class JvmSettingsTest {

    private static final Path REPOSITORY = ConfigurationReference.REPOSITORY;
    private static final Pattern PERCENT = Pattern.compile("(?m)^-XX:MaxRAMPercentage=([0-9.]+)$");
    private static final Pattern CAP = Pattern.compile("(?m)^-XX:ErgoHeapSizeLimit=([0-9]+)m$");

    static List<String> options() throws IOException {
        return Files.readAllLines(REPOSITORY.resolve("app/jvm.options")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    /** The heap's share of the memory limit, from app/jvm.options. */
    static double heapPercent() throws IOException {
        Matcher matcher = PERCENT.matcher(String.join("\n", options()));
        assertThat(matcher.find()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** The heap's upper bound in MiB, whatever the memory limit. */
    static long heapCapMib() throws IOException {
        Matcher matcher = CAP.matcher(String.join("\n", options()));
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void theOptionsSizeTheHeapFromTheMemoryLimitWithACapAndExitOnOutOfMemory() throws IOException {
        assertThat(options())
                .contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
                // Nothing that fixes the heap's size regardless of the container (-Xms only sets where it starts).
                .noneMatch(option -> option.startsWith("-Xmx") || option.startsWith("-XX:MaxRAM="));
        assertThat(heapPercent()).isBetween(25.0, 60.0);
        assertThat(heapCapMib()).isBetween(256L, 1024L);
    }

    @Test
    void theImageTrainsAndStartsWithTheSameOptionsFileAndCache() throws IOException {
        String dockerfile = Files.readString(REPOSITORY.resolve("Dockerfile"));
        assertThat(dockerfile).contains("COPY app/jvm.options scripts/aot-train.sh /app/");
        assertThat(dockerfile)
                .contains("/app/aot-train.sh java /app/jvm.options /app/chatbridge.jar /app/chatbridge.aot");
        // The JRE cannot run the training's fakes from source: they come compiled, where aot-train.sh looks.
        assertThat(dockerfile)
                .contains("RUN javac -d /src/scripts/aot-train-fakes /src/scripts/aot-train-fakes.java")
                .contains("COPY --from=build /src/scripts/aot-train-fakes /app/aot-train-fakes");
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (.*)$").matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        assertThat(entrypoint.group(1))
                .isEqualTo("[\"java\", \"@/app/jvm.options\", \"-XX:AOTCache=/app/chatbridge.aot\", \"-jar\","
                        + " \"/app/chatbridge.jar\"]");
        // The JDK whose AOT cache the ENTRYPOINT's flag needs (JDK 25+), in both stages.
        assertThat(dockerfile).contains("FROM eclipse-temurin:25-jre").contains("FROM maven:3.9-eclipse-temurin-25");
    }

    @Test
    void theLauncherTrainsAndStartsWithTheSameOptionsFile() throws IOException {
        String launcher = Files.readString(REPOSITORY.resolve("chatbridge"));
        assertThat(launcher).contains("options=\"$root/app/jvm.options\"");
        assertThat(launcher)
                .contains(
                        "\"$root/scripts/aot-train.sh\" \"$java\" \"$options\" \"$run/app/chatbridge.jar\" \"$cache\"");
        assertThat(launcher)
                .contains("exec \"$java\" @\"$options\" \"${cache_flags[@]}\" -jar \"$run/app/chatbridge.jar\" \"$@\"");
        assertThat(Files.readString(REPOSITORY.resolve("scripts/aot-train.sh")))
                .contains("\"$java\" @\"$options\" \"$train_flag\" -Dspring.context.exit=onRefresh -jar \"$jar\"");
        assertThat(Files.isExecutable(REPOSITORY.resolve("chatbridge"))).isTrue();
        assertThat(Files.isExecutable(REPOSITORY.resolve("scripts/aot-train.sh")))
                .isTrue();
    }
}
