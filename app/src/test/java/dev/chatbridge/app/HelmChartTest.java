package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Lints helm/chatbridge and renders it with several value sets through helm-java (Helm 3 as a
 * native library, no cluster). helm-java's {@code template}, unlike the helm CLI's, lets
 * {@code lookup} call a cluster, so the value sets give the otherwise generated secrets (Redis
 * password, webhook secret) explicitly; the generated path is covered by lint and by a
 * client-side install dry run.
 */
class HelmChartTest {

    private static final Path CHART =
            Path.of("..", "helm", "chatbridge").toAbsolutePath().normalize();
    private static final String APP = "cb-chatbridge";
    private static final String REDIS = "cb-chatbridge-redis";
    private static final Map<String, String> BASE = Map.of(
            "telegram.botToken", "123456:TEST-token",
            "openai.apiKey", "sk-test",
            "redis.auth.password", "redis-pass");

    @Test
    void lintPassesWithTheDefaultsAndWithATokenSet(@TempDir Path copy) throws IOException {
        LintResult defaults = new Helm(CHART).lint().strict().call();
        assertThat(defaults.isFailed()).as(defaults.getMessages().toString()).isFalse();

        // With the defaults the render stops at "no bot token" (lint reports it as INFO); with a token
        // every template is rendered and checked.
        copyTree(CHART, copy);
        Path values = copy.resolve("values.yaml");
        String text = Files.readString(values);
        Files.writeString(values, text.replaceFirst("(?m)^  botToken: \"\"$", "  botToken: \"123456:TEST-token\""));
        assertThat(Files.readString(values)).isNotEqualTo(text);
        LintResult withToken = new Helm(copy).lint().strict().call();
        assertThat(withToken.isFailed()).as(withToken.getMessages().toString()).isFalse();
        assertThat(withToken.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void pollingRunsOneReplicaWithRecreateAndNoIngress() {
        Rendered chart = render(Map.of());

        Map<String, Object> deployment = chart.get("Deployment", APP);
        assertThat(at(deployment, "spec.replicas")).isEqualTo(1);
        assertThat(at(deployment, "spec.strategy.type")).isEqualTo("Recreate");
        assertThat(chart.kinds()).doesNotContain("Ingress", "HorizontalPodAutoscaler", "ServiceMonitor");
        assertThat(chart.kinds())
                .contains("Secret", "Service", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy");
        Map<String, Map<String, Object>> env = env(deployment);
        assertThat(env).doesNotContainKeys("TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "DISCORD_BOT_TOKEN");
        assertThat(secretRef(env, "TELEGRAM_BOT_TOKEN"))
                .containsEntry("name", APP)
                .containsEntry("key", "telegram-bot-token");
        assertThat(secretRef(env, "OPENAI_API_KEY")).containsEntry("key", "openai-api-key");
        assertThat(value(env, "TELEGRAM_API_URL")).isEqualTo("https://api.telegram.org");
        assertThat(value(env, "OPENAI_BASE_URL")).isEqualTo("https://api.openai.com");
        assertThat(value(env, "CHAT_MODEL")).isEqualTo("gpt-4o");
        assertThat(value(env, "SERVER_PORT")).isEqualTo("8080");
        assertThat(decoded(chart.get("Secret", APP)))
                .containsEntry("telegram-bot-token", "123456:TEST-token")
                .containsEntry("openai-api-key", "sk-test");
    }

    @Test
    void webhookModeRunsThreeReplicasBehindTheWebhookIngress() {
        Rendered chart = render(Map.of(
                "telegram.webhookUrl", "https://bot.example.com/telegram/hook",
                "telegram.webhookSecret", "hook-secret",
                "replicaCount", "3",
                "ingress.enabled", "true",
                "serviceMonitor.enabled", "true"));

        Map<String, Object> deployment = chart.get("Deployment", APP);
        assertThat(at(deployment, "spec.replicas")).isEqualTo(3);
        assertThat(at(deployment, "spec.strategy.type")).isEqualTo("RollingUpdate");
        Map<String, Map<String, Object>> env = env(deployment);
        assertThat(value(env, "TELEGRAM_WEBHOOK_URL")).isEqualTo("https://bot.example.com/telegram/hook");
        assertThat(secretRef(env, "TELEGRAM_WEBHOOK_SECRET")).containsEntry("key", "telegram-webhook-secret");
        assertThat(decoded(chart.get("Secret", APP))).containsEntry("telegram-webhook-secret", "hook-secret");
        // Stopping: 5 s for the endpoints to drop the pod, 30 s for the answers, 10 s for the rest.
        assertThat(value(env, "SHUTDOWN_GRACE_PERIOD")).isEqualTo("30s");
        assertThat(at(deployment, "spec.template.spec.terminationGracePeriodSeconds"))
                .isEqualTo(45);
        assertThat(at(deployment, "spec.template.spec.containers.0.lifecycle.preStop.exec.command"))
                .isEqualTo(List.of("sleep", "5"));

        Map<String, Object> ingress = chart.get("Ingress", APP);
        assertThat(at(ingress, "spec.rules.0.host")).isEqualTo("bot.example.com");
        assertThat(at(ingress, "spec.rules.0.http.paths.0.path")).isEqualTo("/telegram/hook");
        assertThat(at(ingress, "spec.rules.0.http.paths.0.backend.service.name"))
                .isEqualTo(APP);
        assertThat(at(ingress, "spec.rules.0.http.paths.0.backend.service.port.name"))
                .isEqualTo("http");

        Map<String, Object> monitor = chart.get("ServiceMonitor", APP);
        assertThat(at(monitor, "spec.endpoints.0.path")).isEqualTo("/actuator/prometheus");
        assertThat(at(monitor, "spec.endpoints.0.port")).isEqualTo("http");
    }

    @Test
    void theGracePeriodSetsTheAppsShutdownAndThePodsTerminationGracePeriod() {
        Rendered chart = render(Map.of("shutdown.gracePeriodSeconds", "60", "shutdown.preStopSleepSeconds", "0"));

        Map<String, Object> deployment = chart.get("Deployment", APP);
        assertThat(value(env(deployment), "SHUTDOWN_GRACE_PERIOD")).isEqualTo("60s");
        assertThat(at(deployment, "spec.template.spec.terminationGracePeriodSeconds"))
                .isEqualTo(70);
        assertThat(at(deployment, "spec.template.spec.containers.0"))
                .asInstanceOf(MAP)
                .doesNotContainKey("lifecycle");
    }

    @Test
    void webhookModeMayAutoscaleTheDeployment() {
        Rendered chart = render(Map.of(
                "telegram.webhookUrl", "https://bot.example.com/hook",
                "telegram.webhookSecret", "hook-secret",
                "autoscaling.enabled", "true"));

        assertThat(at(chart.get("Deployment", APP), "spec")).asInstanceOf(MAP).doesNotContainKey("replicas");
        Map<String, Object> hpa = chart.get("HorizontalPodAutoscaler", APP);
        assertThat(at(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
        assertThat(at(hpa, "spec.scaleTargetRef.name")).isEqualTo(APP);
        assertThat(at(hpa, "spec.minReplicas")).isEqualTo(2);
    }

    @Test
    void discordShardsAreSplitOverTheStatefulSetPods() {
        Rendered chart = render(Map.of(
                "telegram.botToken", "",
                "telegram.enabled", "false",
                "discord.botToken", "discord-token",
                "discord.shards", "4",
                "replicaCount", "2"));

        assertThat(chart.find("Deployment", APP)).isNull();
        Map<String, Object> statefulSet = chart.get("StatefulSet", APP);
        assertThat(at(statefulSet, "spec.replicas")).isEqualTo(2);
        Map<String, Map<String, Object>> env = env(statefulSet);
        assertThat(value(env, "CHATBRIDGE_DISCORD_SHARD_TOTAL")).isEqualTo("4");
        assertThat(value(env, "CHATBRIDGE_DISCORD_SHARD_REPLICAS")).isEqualTo("2");
        assertThat(at(env.get("CHATBRIDGE_DISCORD_SHARD_PODNAME"), "valueFrom.fieldRef.fieldPath"))
                .isEqualTo("metadata.name");
        assertThat(secretRef(env, "DISCORD_BOT_TOKEN")).containsEntry("key", "discord-bot-token");
        assertThat(env).doesNotContainKeys("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL");
        assertThat(decoded(chart.get("Secret", APP))).containsOnlyKeys("discord-bot-token", "openai-api-key");
    }

    @Test
    void existingSecretRendersNoSecretAndEveryTokenRefersToIt() {
        Rendered chart = render(Map.of(
                "telegram.botToken", "",
                "openai.apiKey", "",
                "existingSecret", "chatbridge-tokens",
                "redis.enabled", "false"));

        assertThat(chart.find("Secret", APP)).isNull();
        assertThat(chart.kinds()).doesNotContain("Secret");
        Map<String, Map<String, Object>> env = env(chart.get("Deployment", APP));
        for (String name : List.of("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "OPENAI_API_KEY", "MJ_API_KEY")) {
            assertThat(secretRef(env, name))
                    .as(name)
                    .containsEntry("name", "chatbridge-tokens")
                    .containsEntry("optional", true);
        }
        assertThat(secretRef(env, "REDIS_URL"))
                .containsEntry("name", "chatbridge-tokens")
                .containsEntry("key", "redis-url")
                .doesNotContainKey("optional");
        assertThat(at(chart.get("Deployment", APP), "spec.template.metadata"))
                .asInstanceOf(MAP)
                .doesNotContainKey("annotations");
    }

    @Test
    void bundledRedisIsAStatefulSetWithAVolumeAndAPasswordThatRedisUrlUses() {
        Rendered chart = render(Map.of());

        Map<String, Object> redis = chart.get("StatefulSet", REDIS);
        assertThat(at(redis, "spec.replicas")).isEqualTo(1);
        assertThat(at(redis, "spec.volumeClaimTemplates.0.spec.resources.requests.storage"))
                .isEqualTo("1Gi");
        assertThat(at(redis, "spec.template.spec.containers.0.volumeMounts.0.mountPath"))
                .isEqualTo("/data");
        assertThat(at(redis, "spec.template.spec.containers.0.args"))
                .asInstanceOf(LIST)
                .contains("--requirepass", "$(REDIS_PASSWORD)");
        assertThat(secretRef(env(redis), "REDIS_PASSWORD"))
                .containsEntry("name", REDIS)
                .containsEntry("key", "redis-password");
        assertThat(decoded(chart.get("Secret", REDIS))).containsEntry("redis-password", "redis-pass");
        assertThat(at(chart.get("Service", REDIS), "spec.ports.0.port")).isEqualTo(6379);
        assertThat(at(chart.get("NetworkPolicy", REDIS), "spec.ingress.0.from.0.podSelector.matchLabels"))
                .asInstanceOf(MAP)
                .containsEntry("app.kubernetes.io/component", "bot");

        Map<String, Map<String, Object>> env = env(chart.get("Deployment", APP));
        assertThat(secretRef(env, "REDIS_PASSWORD")).containsEntry("name", REDIS);
        assertThat(value(env, "REDIS_URL")).isEqualTo("redis://:$(REDIS_PASSWORD)@" + REDIS + ":6379/0");
        assertThat(List.copyOf(env.keySet())).containsSubsequence("REDIS_PASSWORD", "REDIS_URL");
    }

    @Test
    void externalRedisUrlIsKeptInTheSecret() {
        Rendered chart = render(Map.of("redis.enabled", "false", "redis.url", "redis://:pw@redis.example:6379/2"));

        assertThat(chart.find("StatefulSet", REDIS)).isNull();
        assertThat(chart.find("Service", REDIS)).isNull();
        assertThat(decoded(chart.get("Secret", APP))).containsEntry("redis-url", "redis://:pw@redis.example:6379/2");
        assertThat(secretRef(env(chart.get("Deployment", APP)), "REDIS_URL")).containsEntry("key", "redis-url");
    }

    @Test
    void podsRunRestrictedWithAReadOnlyRootAndAnEmptyDirTmp() {
        Rendered chart = render(Map.of());

        for (Map<String, Object> workload : List.of(chart.get("Deployment", APP), chart.get("StatefulSet", REDIS))) {
            Object pod = at(workload, "spec.template.spec");
            assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
            assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
            assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(false);
            Object container = at(pod, "containers.0");
            assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(at(container, "securityContext.allowPrivilegeEscalation"))
                    .isEqualTo(false);
            assertThat(at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
            assertThat(at(container, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        }
        Object pod = at(chart.get("Deployment", APP), "spec.template.spec");
        assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(10001);
        assertThat(at(pod, "containers.0.volumeMounts.0")).isEqualTo(Map.of("name", "tmp", "mountPath", "/tmp"));
        assertThat(at(pod, "volumes.0")).isEqualTo(Map.of("name", "tmp", "emptyDir", Map.of()));
    }

    @Test
    void probesUseTheActuatorHealthGroupsOnTheHttpPort() {
        Object container = at(render(Map.of()).get("Deployment", APP), "spec.template.spec.containers.0");

        assertThat(at(container, "ports.0"))
                .isEqualTo(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"));
        assertThat(at(container, "livenessProbe.httpGet"))
                .isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "http"));
        assertThat(at(container, "readinessProbe.httpGet"))
                .isEqualTo(Map.of("path", "/actuator/health/readiness", "port", "http"));
        assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
    }

    @Test
    void imageDefaultsToTheChartsAppVersionAndCanBeOverridden() throws IOException {
        String appVersion = Files.readAllLines(CHART.resolve("Chart.yaml")).stream()
                .filter(line -> line.startsWith("appVersion:"))
                .map(line ->
                        line.substring("appVersion:".length()).replace("\"", "").strip())
                .findFirst()
                .orElseThrow();
        assertThat(at(render(Map.of()).get("Deployment", APP), "spec.template.spec.containers.0.image"))
                .isEqualTo("chatbridge:" + appVersion);

        Object pod = at(
                render(Map.of(
                                "image.repository",
                                "registry.example/chatbridge",
                                "image.tag",
                                "1.2.3",
                                "imagePullSecrets[0].name",
                                "regcred"))
                        .get("Deployment", APP),
                "spec.template.spec");
        assertThat(at(pod, "containers.0.image")).isEqualTo("registry.example/chatbridge:1.2.3");
        assertThat(at(pod, "imagePullSecrets")).isEqualTo(List.of(Map.of("name", "regcred")));
    }

    @Test
    void userIdsFromAValuesFileBecomePlainCommaLists(@TempDir Path dir) throws IOException {
        // YAML numbers reach the templates as floats; they must not come out as 1.234567e+06.
        Path values = dir.resolve("ids.yaml");
        Files.writeString(values, "bot:\n  allowedUsers: [1234567, \"1234567890123456789\"]\n  admins: [42]\n");
        TemplateCommand template = template(Map.of()).withValuesFile(values);

        Map<String, Map<String, Object>> env = env(new Rendered(template.call()).get("Deployment", APP));
        assertThat(value(env, "BOT_ALLOWED_USERS")).isEqualTo("1234567,1234567890123456789");
        assertThat(value(env, "BOT_ADMINS")).isEqualTo("42");
    }

    @Test
    void limitsAndDiscordPlacesFromValuesBindToTheAppsSettings(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("places.yaml");
        Files.writeString(values, """
                discord:
                  botToken: discord-token
                  commandGuilds: ["1100000000000000001"]
                  allowedGuilds: ["1100000000000000001", "1100000000000000002"]
                  allowedChannels: ["1200000000000000003"]
                limits:
                  messagesPerMinute: 5
                  dailyTokens: 1500000
                  dailyImageJobs: 0
                  maxMessageChars: 4000
                """);
        Map<String, Map<String, Object>> env =
                env(new Rendered(template(Map.of()).withValuesFile(values).call()).get("Deployment", APP));
        Map<String, Object> plain = new LinkedHashMap<>();
        env.forEach((name, entry) -> {
            if (entry.get("value") != null) {
                plain.put(name, entry.get("value"));
            }
        });
        // Bound as Spring binds the container's environment, so a misspelt variable name fails here.
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(
                        new org.springframework.core.env.SystemEnvironmentPropertySource(
                                org.springframework.core.env.StandardEnvironment
                                        .SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                plain)));
        var limits = binder.bindOrCreate("chatbridge.limits", ChatBridgeProperties.Limits.class);
        assertThat(limits).isEqualTo(new ChatBridgeProperties.Limits(5, 1_500_000, 0, 4000));
        var discord = binder.bindOrCreate("chatbridge.discord", ChatBridgeProperties.Discord.class);
        assertThat(discord.commandGuilds()).containsExactly("1100000000000000001");
        assertThat(discord.allowedGuilds()).containsExactlyInAnyOrder("1100000000000000001", "1100000000000000002");
        assertThat(discord.allowedChannels()).containsExactly("1200000000000000003");

        Map<String, Map<String, Object>> defaults = env(render(Map.of()).get("Deployment", APP));
        assertThat(value(defaults, "CHATBRIDGE_LIMITS_MESSAGESPERMINUTE")).isEqualTo("20");
        assertThat(defaults).doesNotContainKeys("CHATBRIDGE_DISCORD_ALLOWEDGUILDS", "CHATBRIDGE_DISCORD_COMMANDGUILDS");
    }

    @Test
    void idsTooLargeForYamlNumbersMustBeQuoted(@TempDir Path dir) throws IOException {
        Path admins = dir.resolve("admins.yaml");
        Files.writeString(admins, "bot:\n  admins: [42, 1100000000000000001]\n");
        assertThatThrownBy(() -> template(Map.of()).withValuesFile(admins).call())
                .hasMessageContaining("too large for a YAML number and has lost digits: write it in quotes");

        Path guilds = dir.resolve("guilds.yaml");
        Files.writeString(guilds, "discord:\n  botToken: d\n  allowedGuilds: [1100000000000000001]\n");
        assertThatThrownBy(() -> template(Map.of()).withValuesFile(guilds).call())
                .hasMessageContaining("allowedGuilds")
                .hasMessageContaining("string");
    }

    @Test
    void notesSayWhatWasDeployedAndWarnWhenEveryoneIsAllowed() {
        // No Redis password given: a client-side dry run also renders the generated-secret path.
        String open = installDryRun(Map.of("telegram.botToken", "123456:TEST-token"));
        assertThat(open)
                .contains("Telegram: long polling, one replica")
                .contains("Redis: bundled")
                .contains("WARNING: bot.allowedUsers is empty");

        String restricted =
                installDryRun(Map.of("telegram.botToken", "123456:TEST-token", "bot.allowedUsers[0]", "42"));
        assertThat(restricted).contains("Telegram: long polling").doesNotContain("bot.allowedUsers is empty");
    }

    static Stream<Arguments> invalidCombinations() {
        return Stream.of(
                Arguments.of(
                        Map.of("replicaCount", "2"),
                        "Telegram long polling (telegram.webhookUrl is empty) runs exactly one replica, but"
                                + " replicaCount is 2"),
                Arguments.of(Map.of("autoscaling.enabled", "true"), "autoscaling.enabled needs Telegram webhook mode"),
                Arguments.of(
                        Map.of("redis.url", "redis://redis.example:6379/0"),
                        "redis.url and redis.enabled are both set"),
                Arguments.of(
                        Map.of("telegram.botToken", ""),
                        "no bot token. Set telegram.botToken and/or discord.botToken, or existingSecret"),
                Arguments.of(Map.of("redis.enabled", "false"), "no Redis"),
                Arguments.of(
                        Map.of(
                                "telegram.enabled",
                                "false",
                                "discord.botToken",
                                "d",
                                "discord.shards",
                                "2",
                                "replicaCount",
                                "3"),
                        "replicaCount (3) is larger than discord.shards (2)"),
                Arguments.of(Map.of("replicas", "2"), "additional properties 'replicas' not allowed"),
                Arguments.of(Map.of("telegram.webhookUrl", "http://bot.example.com/hook"), "/telegram/webhookUrl"));
    }

    @ParameterizedTest
    @MethodSource("invalidCombinations")
    void invalidCombinationsFailWithAClearMessage(Map<String, String> values, String message) {
        assertThatThrownBy(() -> render(values)).hasMessageContaining(message);
    }

    // --- rendering and navigation helpers

    private static TemplateCommand template(Map<String, String> values) {
        TemplateCommand template = new Helm(CHART)
                .template()
                .withName("cb")
                .withNamespace("bots")
                // helm-java defaults to Kubernetes 1.20, below the chart's kubeVersion.
                .withKubeVersion("1.31.0");
        for (Map.Entry<String, String> value : merged(values).entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        return template;
    }

    private static Rendered render(Map<String, String> values) {
        return new Rendered(template(values).call());
    }

    private static String installDryRun(Map<String, String> values) {
        InstallCommand install = new Helm(CHART)
                .install()
                .withName("cb")
                .withNamespace("bots")
                .withKubeVersion("1.31.0")
                .clientOnly()
                .dryRun()
                .withDryRunOption(DryRun.CLIENT);
        for (Map.Entry<String, String> value : values.entrySet()) {
            install = install.set(value.getKey(), value.getValue());
        }
        return install.call().getOutput();
    }

    private static Map<String, String> merged(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(BASE);
        merged.putAll(values);
        return merged;
    }

    /** The documents of one render, by kind and name. */
    record Rendered(List<Map<String, Object>> documents) {
        Rendered(String manifests) {
            this(loadAll(manifests));
        }

        @SuppressWarnings("unchecked")
        private static List<Map<String, Object>> loadAll(String manifests) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml().loadAll(manifests)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
            return documents;
        }

        List<Object> kinds() {
            return documents.stream().map(d -> d.get("kind")).toList();
        }

        Map<String, Object> find(String kind, String name) {
            return documents.stream()
                    .filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name")))
                    .findFirst()
                    .orElse(null);
        }

        Map<String, Object> get(String kind, String name) {
            Map<String, Object> document = find(kind, name);
            assertThat(document).as("%s %s in %s", kind, name, kinds()).isNotNull();
            return document;
        }
    }

    /** Follows a dotted path through maps and lists ({@code spec.containers.0.env}); null when absent. */
    private static Object at(Object node, String path) {
        Object current = node;
        for (String step : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(step);
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> env(Map<String, Object> workload) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        for (Object variable : (List<Object>) at(workload, "spec.template.spec.containers.0.env")) {
            Map<String, Object> entry = (Map<String, Object>) variable;
            env.put((String) entry.get("name"), entry);
        }
        return env;
    }

    private static Object value(Map<String, Map<String, Object>> env, String name) {
        assertThat(env).as("env").containsKey(name);
        return env.get(name).get("value");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> secretRef(Map<String, Map<String, Object>> env, String name) {
        assertThat(env).as("env").containsKey(name);
        Object ref = at(env.get(name), "valueFrom.secretKeyRef");
        assertThat(ref).as("%s comes from a Secret", name).isNotNull();
        return (Map<String, Object>) ref;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> decoded(Map<String, Object> secret) {
        Map<String, String> decoded = new LinkedHashMap<>();
        ((Map<String, String>) secret.get("data"))
                .forEach((key, value) ->
                        decoded.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return decoded;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
