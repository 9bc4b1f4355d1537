package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml runs what the README promises: either bot, every contract variable passed
 * through from .env, a health check on the bot, and a Redis with a password, an append-only file
 * on a volume and a maxmemory below its memory limit. Parsed as YAML always; where a Compose CLI
 * exists ({@code docker compose} or {@code docker-compose}) its {@code config} renders the file
 * with .env.example too.
 */
class DockerComposeTest {

    private static final Path COMPOSE = ConfigurationReference.REPOSITORY.resolve("docker-compose.yml");
    private static final Path ENV_EXAMPLE = ConfigurationReference.REPOSITORY.resolve(".env.example");
    private static final Pattern INTERPOLATED = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)");
    private static final Pattern ASSIGNED = Pattern.compile("(?m)^([A-Z0-9_]+)=");

    @Test
    void everyContractVariableIsPassedThroughFromDotEnv() throws IOException {
        Map<String, Object> bot = service(compose(), "chatbridge");
        Map<String, Object> environment = map(bot.get("environment"));

        assertThat(environment.keySet()).containsAll(ConfigurationReference.CONTRACT);
        for (String name : ConfigurationReference.CONTRACT) {
            String value = String.valueOf(environment.get(name));
            if (name.equals("REDIS_URL")) {
                // The bundled Redis, with the password from .env.
                assertThat(value).isEqualTo("redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}@redis:6379/0");
            } else {
                assertThat(value).as(name).startsWith("${" + name + ":-");
            }
        }
        // Both bots are optional: whichever token is set runs.
        assertThat(environment.get("TELEGRAM_BOT_TOKEN")).isEqualTo("${TELEGRAM_BOT_TOKEN:-}");
        assertThat(environment.get("DISCORD_BOT_TOKEN")).isEqualTo("${DISCORD_BOT_TOKEN:-}");
        // The notify hook's settings, and the port it is served on.
        assertThat(environment)
                .containsEntry("CHATBRIDGE_MJ_NOTIFYHOOKBASEURL", "${CHATBRIDGE_MJ_NOTIFYHOOKBASEURL:-}")
                .containsEntry("CHATBRIDGE_MJ_NOTIFYSECRET", "${CHATBRIDGE_MJ_NOTIFYSECRET:-}");
        assertThat(list(bot.get("ports")))
                .containsExactly("${HTTP_BIND_ADDRESS:-127.0.0.1}:${SERVER_PORT:-8080}:${SERVER_PORT:-8080}");
    }

    @Test
    void dotEnvExampleListsEveryVariableWithAComment() throws IOException {
        String compose = Files.readString(COMPOSE);
        Set<String> used = new LinkedHashSet<>();
        Matcher interpolated = INTERPOLATED.matcher(compose);
        while (interpolated.find()) {
            used.add(interpolated.group(1));
        }
        List<String> lines = Files.readAllLines(ENV_EXAMPLE);
        Set<String> listed = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher assigned = ASSIGNED.matcher(lines.get(i));
            if (assigned.find()) {
                listed.add(assigned.group(1));
                assertThat(i > 0 && lines.get(i - 1).startsWith("#"))
                        .as("%s has a comment line above it in .env.example", assigned.group(1))
                        .isTrue();
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(used);
        assertThat(listed)
                .containsAll(ConfigurationReference.CONTRACT.stream()
                        .filter(name -> !name.equals("REDIS_URL"))
                        .toList());
        // No secrets in the example.
        for (String secret : List.of(
                "TELEGRAM_BOT_TOKEN",
                "DISCORD_BOT_TOKEN",
                "OPENAI_API_KEY",
                "MJ_API_KEY",
                "REDIS_PASSWORD",
                "TELEGRAM_WEBHOOK_SECRET",
                "CHATBRIDGE_MJ_NOTIFYSECRET")) {
            assertThat(lines).contains(secret + "=");
        }
    }

    @Test
    void theBotHasAHealthCheckOnItsReadinessThatWorksWithoutCurl() throws Exception {
        Map<String, Object> bot = service(compose(), "chatbridge");
        Map<String, Object> healthcheck = map(bot.get("healthcheck"));
        List<String> test = list(healthcheck.get("test"));
        assertThat(test.subList(0, 3)).containsExactly("CMD", "bash", "-c");
        assertThat(test.get(3)).contains("/actuator/health/readiness");
        assertThat(healthcheck).containsKeys("interval", "timeout", "retries", "start_period");
        assertThat(map(map(bot.get("depends_on")).get("redis"))).containsEntry("condition", "service_healthy");

        // The command as the container runs it ($$ is Compose's escape for $), against a local server:
        // not ready (503) fails, ready (200) passes.
        String script = test.get(3).replace("$$", "$");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        boolean[] ready = {false};
        server.createContext("/actuator/health/readiness", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready[0] ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());
            assertThat(run(List.of("bash", "-c", script), Map.of("SERVER_PORT", port)))
                    .isNotZero();
            ready[0] = true;
            assertThat(run(List.of("bash", "-c", script), Map.of("SERVER_PORT", port)))
                    .isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void redisHasAPasswordPersistenceAndAMaxmemoryBelowItsLimit() throws IOException {
        Map<String, Object> compose = compose();
        Map<String, Object> redis = service(compose, "redis");
        String command = String.join(" ", list(redis.get("command")));

        assertThat(map(redis.get("environment")))
                .containsEntry("REDIS_PASSWORD", "${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}");
        assertThat(command)
                .contains("--requirepass \"$$REDIS_PASSWORD\"")
                .contains("--appendonly yes")
                .contains("--maxmemory-policy noeviction");
        Matcher maxmemory = Pattern.compile("--maxmemory (\\d+)mb").matcher(command);
        assertThat(maxmemory.find()).as(command).isTrue();
        Matcher limit = Pattern.compile("(\\d+)m").matcher(String.valueOf(redis.get("mem_limit")));
        assertThat(limit.matches()).as("mem_limit %s", redis.get("mem_limit")).isTrue();
        assertThat(Long.parseLong(maxmemory.group(1))).isLessThan(Long.parseLong(limit.group(1)));
        assertThat(list(redis.get("volumes"))).contains("redis-data:/data");
        assertThat(map(compose.get("volumes"))).containsKey("redis-data");
        assertThat(String.valueOf(map(redis.get("healthcheck")).get("test"))).contains("redis-cli ping");
    }

    @Test
    void composeConfigRendersTheExampleEnvironment() throws Exception {
        List<String> cli = composeCli();
        assumeTrue(cli != null, "no docker compose / docker-compose here");

        List<String> command = new ArrayList<>(cli);
        command.addAll(List.of(
                "--project-directory",
                ConfigurationReference.REPOSITORY.toString(),
                "-f",
                COMPOSE.toString(),
                "--env-file",
                ENV_EXAMPLE.toString(),
                "config"));
        Process withPassword = start(command, Map.of("REDIS_PASSWORD", "pass123"));
        String rendered = new String(withPassword.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(withPassword.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(withPassword.exitValue()).as(rendered).isZero();
        Map<String, Object> config = new Yaml().load(rendered);
        Map<String, Object> environment = map(service(config, "chatbridge").get("environment"));
        assertThat(environment.keySet()).containsAll(ConfigurationReference.CONTRACT);
        assertThat(environment)
                .containsEntry("REDIS_URL", "redis://:pass123@redis:6379/0")
                .containsEntry("TELEGRAM_API_URL", "https://api.telegram.org")
                .containsEntry("TRANSCRIBE_MODEL", "whisper-1")
                .containsEntry("SERVER_PORT", "8080");
        assertThat(rendered).contains("127.0.0.1:8080:8080");

        // Without a Redis password nothing starts, and the message says what to set.
        Process withoutPassword = start(command, Map.of());
        String error = new String(withoutPassword.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(withoutPassword.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(withoutPassword.exitValue()).isNotZero();
        assertThat(error).contains("set REDIS_PASSWORD in .env");
    }

    private static List<String> composeCli() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                if (run(version, Map.of()) == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // try the next one
            }
        }
        return null;
    }

    private static int run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Process process = start(command, environment);
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("%s finished", command)
                .isTrue();
        return process.exitValue();
    }

    private static Process start(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Only what the test gives: a REDIS_PASSWORD of the machine's must not leak in.
        builder.environment().keySet().removeIf(name -> name.startsWith("REDIS") || name.endsWith("_PROXY"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(COMPOSE));
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        Map<String, Object> service = map(map(compose.get("services")).get(name));
        assertThat(service).as("service %s", name).isNotNull();
        return service;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object node) {
        return (List<String>) node;
    }
}
