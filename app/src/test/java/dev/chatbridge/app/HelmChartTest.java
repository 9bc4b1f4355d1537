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
import com.sun.net.httpserver.HttpServer;
import dev.chatbridge.core.upstream.openai.SpringAiChatUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

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
    private static final JsonMapper JSON = JsonMapper.builder().build();
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

    /**
     * The pod runs the image's ENTRYPOINT as it is (app/jvm.options and the AOT cache trained with them), and its
     * default memory limit holds the heap those settings derive from it plus the JVM's native memory: about 200 MiB at
     * idle (the AOT cache, metaspace, code) and more for thread stacks and buffers under load.
     */
    @Test
    @SuppressWarnings("unchecked")
    void thePodRunsTheImagesJvmSettingsWithRoomForNativeMemory() throws IOException {
        Map<String, Object> deployment = render(Map.of()).get("Deployment", APP);
        Map<String, Object> container = (Map<String, Object>) at(deployment, "spec.template.spec.containers.0");
        assertThat(container).doesNotContainKeys("command", "args");
        assertThat(env(deployment)).doesNotContainKeys("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

        long limit = mebibytes(at(container, "resources.limits.memory"));
        long heap = Math.min((long) (limit * JvmSettingsTest.heapPercent() / 100), JvmSettingsTest.heapCapMib());
        assertThat(heap).as("heap of a %d MiB pod", limit).isGreaterThanOrEqualTo(256);
        assertThat(limit - heap).as("native memory room of a %d MiB pod", limit).isGreaterThanOrEqualTo(400);
        assertThat(mebibytes(at(container, "resources.requests.memory"))).isLessThanOrEqualTo(limit);
    }

    private static long mebibytes(Object quantity) {
        String text = String.valueOf(quantity);
        assertThat(text).matches("[0-9]+(Mi|Gi)");
        long number = Long.parseLong(text.substring(0, text.length() - 2));
        return text.endsWith("Gi") ? number * 1024 : number;
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

    private static final String EVERY_VALUE = """
            visionModel: gpt-4o-vision
            transcribeModel: whisper-large-v3
            models:
              include: ["gpt-*", "claude-*"]
              exclude: ["*mini*"]
              aliases: {smart: claude-3-5-sonnet, fast: gpt-4o-mini}
            systemPrompt: "You are terse. Answer in one paragraph."
            publicBaseUrl: https://bot.example.com
            bot:
              allowedChats: [-1001234567890, "1100000000000000001"]
            proxy:
              https: http://user:https-pass@proxy.example:3128
              http: http://user:http-pass@proxy.example:3128
              all: socks5://user:all-pass@proxy.example:1080
              noProxy: localhost,.svc,.cluster.local
            telegram:
              proxy: socks5://tg:telegram-pass@proxy.example:1080
            discord:
              botToken: discord-token
              proxy: http://dc:discord-pass@proxy.example:3128
              commandGuilds: ["1100000000000000001"]
              allowedGuilds: ["1100000000000000001"]
              allowedChannels: ["1200000000000000003"]
            openai:
              proxy: http://oa:openai-pass@proxy.example:3128
            tools:
              maxRounds: 3
              http:
                - name: stock_price
                  description: Current price of a stock by its symbol
                  parameters: {type: object, properties: {symbol: {type: string}}, required: [symbol]}
                  url: https://quotes.internal.example/price
                  method: GET
                  headers: {X-Api-Key: tool-key-value}
                  timeout: 5s
                - name: echo
                  description: Echoes its input
                  parameters: '{"type":"object","properties":{"text":{"type":"string"}}}'
                  url: https://echo.internal.example/
            """;

    /** Passwords and keys in EVERY_VALUE that must only ever appear in a Secret. */
    private static final List<String> CREDENTIALS = List.of(
            "https-pass", "http-pass", "all-pass", "telegram-pass", "discord-pass", "openai-pass", "tool-key-value");

    @Test
    void everyContractValueRendersToItsVariable(@TempDir Path dir) throws IOException {
        Rendered chart = renderWith(dir, EVERY_VALUE, Map.of());
        Map<String, Object> deployment = chart.get("Deployment", APP);
        Map<String, Map<String, Object>> env = env(deployment);

        assertThat(value(env, "VISION_MODEL")).isEqualTo("gpt-4o-vision");
        assertThat(value(env, "TRANSCRIBE_MODEL")).isEqualTo("whisper-large-v3");
        assertThat(value(env, "CHATBRIDGE_MODELS_INCLUDE")).isEqualTo("gpt-*,claude-*");
        assertThat(value(env, "CHATBRIDGE_MODELS_EXCLUDE")).isEqualTo("*mini*");
        assertThat(value(env, "CHATBRIDGE_MODELS_ALIASES")).isEqualTo("fast=gpt-4o-mini,smart=claude-3-5-sonnet");
        assertThat(value(env, "CHATBRIDGE_CHAT_SYSTEMPROMPT")).isEqualTo("You are terse. Answer in one paragraph.");
        assertThat(value(env, "PUBLIC_BASE_URL")).isEqualTo("https://bot.example.com");
        assertThat(value(env, "BOT_ALLOWED_CHATS")).isEqualTo("-1001234567890,1100000000000000001");
        assertThat(value(env, "NO_PROXY")).isEqualTo("localhost,.svc,.cluster.local");
        assertThat(value(env, "CHATBRIDGE_FEATURES_TOOLS_MAXROUNDS")).isEqualTo("3");
        Map<String, String> proxies = Map.of(
                "HTTPS_PROXY", "https-proxy",
                "HTTP_PROXY", "http-proxy",
                "ALL_PROXY", "all-proxy",
                "TELEGRAM_PROXY", "telegram-proxy",
                "DISCORD_PROXY", "discord-proxy",
                "OPENAI_PROXY", "openai-proxy");
        proxies.forEach((name, key) -> assertThat(secretRef(env, name))
                .as(name)
                .containsEntry("name", APP)
                .containsEntry("key", key));
        assertThat(decoded(chart.get("Secret", APP)))
                .containsEntry("https-proxy", "http://user:https-pass@proxy.example:3128")
                .containsEntry("all-proxy", "socks5://user:all-pass@proxy.example:1080")
                .containsEntry("telegram-proxy", "socks5://tg:telegram-pass@proxy.example:1080")
                .containsEntry("openai-proxy", "http://oa:openai-pass@proxy.example:3128");
        assertThat(secretRef(env, "SPRING_APPLICATION_JSON"))
                .containsEntry("name", APP + "-tools")
                .containsEntry("key", "application.json");

        // Credentials live in Secrets only: never in a ConfigMap, an env value or any other resource.
        for (Map<String, Object> document : chart.documents()) {
            if (!"Secret".equals(document.get("kind"))) {
                String text = new Yaml().dump(document);
                assertThat(CREDENTIALS)
                        .as("%s %s", document.get("kind"), at(document, "metadata.name"))
                        .noneMatch(text::contains);
            }
        }

        // The variables the app reads today, as the app binds them (application.yaml's placeholders
        // and SPRING_APPLICATION_JSON included).
        Map<String, Object> container = containerEnvironment(chart, deployment);
        Binder binder = Binder.get(ConfigurationReference.environment(container));
        ChatBridgeProperties properties = binder.bindOrCreate("chatbridge", ChatBridgeProperties.class);
        ChatFeaturesProperties features = binder.bindOrCreate("chatbridge.features", ChatFeaturesProperties.class);
        assertThat(properties.chat().systemPrompt()).isEqualTo("You are terse. Answer in one paragraph.");
        assertThat(features.vision().model()).isEqualTo("gpt-4o-vision");
        assertThat(features.tools().maxRounds()).isEqualTo(3);
        var tools = CoreConfiguration.chatFeatures(
                        new SpringAiChatUpstream.GatewaySettings(
                                "https://gw.example", "sk-test", "gpt-4o", Duration.ofMinutes(1)),
                        features)
                .httpTools();
        assertThat(tools).hasSize(2);
        assertThat(tools.getFirst().name()).isEqualTo("stock_price");
        assertThat(tools.getFirst().method()).isEqualTo("GET");
        assertThat(tools.getFirst().url()).hasToString("https://quotes.internal.example/price");
        assertThat(tools.getFirst().headers()).containsEntry("X-Api-Key", "tool-key-value");
        assertThat(tools.getFirst().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(JSON.readTree(tools.getFirst().parametersSchema()))
                .isEqualTo(
                        JSON.readTree(
                                "{\"type\":\"object\",\"properties\":{\"symbol\":{\"type\":\"string\"}},\"required\":[\"symbol\"]}"));
        assertThat(tools.get(1).method()).isEqualTo("POST");
        assertThat(tools.get(1).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(JSON.readTree(tools.get(1).parametersSchema())
                        .path("properties")
                        .has("text"))
                .isTrue();

        // The contract's variables the app does not read yet are rendered under exactly their names.
        assertThat(ConfigurationReference.CONTRACT)
                .contains("TRANSCRIBE_MODEL", "BOT_ALLOWED_CHATS", "PUBLIC_BASE_URL", "NO_PROXY")
                .containsAll(proxies.keySet());
    }

    @Test
    void everyVariableTheChartRendersIsAContractVariableOrAnAppSetting(@TempDir Path dir) throws IOException {
        Rendered chart = renderWith(
                dir,
                EVERY_VALUE,
                Map.of(
                        "telegram.webhookUrl", "https://bot.example.com/telegram",
                        "telegram.webhookSecret", "hook-secret",
                        "mj.baseUrl", "https://mj.example",
                        "mj.notifyHookBaseUrl", "https://bot.example.com",
                        "mj.notifySecret", "mj-secret",
                        "discord.shards", "2",
                        "extraEnv[0].name", "CHATBRIDGE_CHAT_CONTEXTTOKENS",
                        "extraEnv[0].value", "32000"));
        Set<String> placeholders = new HashSet<>();
        for (var placeholder : ConfigurationReference.applicationYamlPlaceholders()) {
            placeholders.add(placeholder.env());
        }
        Set<String> settings = new HashSet<>();
        for (var property : ConfigurationReference.properties()) {
            settings.add(ConfigurationReference.canonical(property.name()));
        }
        Set<String> rendered = env(chart.get("StatefulSet", APP)).keySet();
        assertThat(rendered).hasSizeGreaterThan(35);
        // REDIS_PASSWORD only feeds $(REDIS_PASSWORD) in REDIS_URL; SPRING_APPLICATION_JSON carries the tools.
        assertThat(rendered)
                .allSatisfy(name -> assertThat(ConfigurationReference.CONTRACT.contains(name)
                                || placeholders.contains(name)
                                || Set.of("REDIS_PASSWORD", "SPRING_APPLICATION_JSON")
                                        .contains(name)
                                || settings.contains(ConfigurationReference.canonical(
                                        ConfigurationReference.propertyOfEnvironmentName(name))))
                        .as("%s is a contract variable or binds to a chatbridge.* setting", name)
                        .isTrue());
    }

    @Test
    void theIngressRoutesTheMidjourneyHookWhenOneIsConfigured() {
        Rendered sameHost = render(Map.of(
                "telegram.webhookUrl", "https://bot.example.com/telegram",
                "telegram.webhookSecret", "hook-secret",
                "ingress.enabled", "true",
                "mj.notifyHookBaseUrl", "https://bot.example.com/",
                "mj.notifySecret", "mj-secret"));
        String hookPath = MidjourneyHookEndpoint.PATH.replaceAll("/$", "");
        Map<String, Object> ingress = sameHost.get("Ingress", APP);
        assertThat(at(ingress, "spec.rules")).asInstanceOf(LIST).hasSize(1);
        assertThat(at(ingress, "spec.rules.0.host")).isEqualTo("bot.example.com");
        assertThat(at(ingress, "spec.rules.0.http.paths.0.path")).isEqualTo("/telegram");
        assertThat(at(ingress, "spec.rules.0.http.paths.1.path")).isEqualTo(hookPath);
        assertThat(at(ingress, "spec.rules.0.http.paths.1.pathType")).isEqualTo("Prefix");
        assertThat(at(ingress, "spec.rules.0.http.paths.1.backend.service.name"))
                .isEqualTo(APP);
        assertThat(at(ingress, "spec.rules.0.http.paths.1.backend.service.port.name"))
                .isEqualTo("http");

        Map<String, Map<String, Object>> env = env(sameHost.get("Deployment", APP));
        assertThat(value(env, "CHATBRIDGE_MJ_NOTIFYHOOKBASEURL")).isEqualTo("https://bot.example.com/");
        assertThat(secretRef(env, "CHATBRIDGE_MJ_NOTIFYSECRET")).containsEntry("key", "mj-notify-secret");
        assertThat(decoded(sameHost.get("Secret", APP))).containsEntry("mj-notify-secret", "mj-secret");

        // A Discord-only release: the hook is the Ingress' only route.
        Rendered hookOnly = render(Map.of(
                "telegram.botToken", "",
                "discord.botToken", "discord-token",
                "ingress.enabled", "true",
                "mj.notifyHookBaseUrl", "https://mj-hook.example.com",
                "mj.notifySecret", "mj-secret"));
        Map<String, Object> hookIngress = hookOnly.get("Ingress", APP);
        assertThat(at(hookIngress, "spec.rules")).asInstanceOf(LIST).hasSize(1);
        assertThat(at(hookIngress, "spec.rules.0.host")).isEqualTo("mj-hook.example.com");
        assertThat(at(hookIngress, "spec.rules.0.http.paths.0.path")).isEqualTo(hookPath);

        // A hook on another host than the webhook gets a rule of its own; no hook, no route.
        Rendered twoHosts = render(Map.of(
                "telegram.webhookUrl", "https://bot.example.com/telegram",
                "telegram.webhookSecret", "hook-secret",
                "ingress.enabled", "true",
                "mj.notifyHookBaseUrl", "https://mj-hook.example.com",
                "mj.notifySecret", "mj-secret"));
        assertThat(at(twoHosts.get("Ingress", APP), "spec.rules.1.host")).isEqualTo("mj-hook.example.com");
        Rendered noHook = render(Map.of(
                "telegram.webhookUrl", "https://bot.example.com/telegram",
                "telegram.webhookSecret", "hook-secret",
                "ingress.enabled", "true"));
        assertThat(new Yaml().dump(noHook.get("Ingress", APP))).doesNotContain(hookPath);
        assertThat(env(noHook.get("Deployment", APP))).doesNotContainKeys("CHATBRIDGE_MJ_NOTIFYHOOKBASEURL");
    }

    @Test
    void theDefaultsInstallWithGeneratedSecrets() {
        // A client-side install dry run renders every template as `helm install` would, lookup() and the
        // generated secrets (Redis password, webhook and hook secrets) included; it shows the NOTES.
        String defaults = installDryRun(Map.of("telegram.botToken", "123456:TEST-token"));
        assertThat(defaults).contains("STATUS: pending-install", "helm test cb --namespace bots");

        String everything = installDryRun(Map.of(
                "telegram.botToken", "123456:TEST-token",
                "telegram.webhookUrl", "https://bot.example.com/telegram",
                "replicaCount", "2",
                "ingress.enabled", "true",
                "mj.notifyHookBaseUrl", "https://bot.example.com",
                "prometheusRule.enabled", "true",
                "grafanaDashboard.enabled", "true",
                "serviceMonitor.enabled", "true"));
        assertThat(everything)
                .contains("Telegram: webhook mode at https://bot.example.com/telegram, 2 replica(s).")
                .contains("Midjourney notify hook: https://bot.example.com/hooks/midjourney/<secret>, routed by"
                        + " the Ingress");
    }

    @Test
    void theDefaultsRenderTheContractsDefaults() {
        Rendered chart = render(Map.of());
        assertThat(chart.kinds()).doesNotContain("Ingress", "PrometheusRule", "ConfigMap", "ServiceMonitor");
        Map<String, Map<String, Object>> env = env(chart.get("Deployment", APP));
        assertThat(value(env, "TRANSCRIBE_MODEL")).isEqualTo("whisper-1");
        assertThat(value(env, "BOT_ALLOWED_CHATS")).isEqualTo("");
        assertThat(value(env, "CHATBRIDGE_FEATURES_TOOLS_MAXROUNDS")).isEqualTo("5");
        assertThat(env)
                .doesNotContainKeys(
                        "VISION_MODEL",
                        "PUBLIC_BASE_URL",
                        "NO_PROXY",
                        "HTTPS_PROXY",
                        "TELEGRAM_PROXY",
                        "SPRING_APPLICATION_JSON",
                        "CHATBRIDGE_CHAT_SYSTEMPROMPT");
        assertThat(chart.find("Secret", APP + "-tools")).isNull();
    }

    @Test
    void prometheusRuleIsOffByDefaultAndItsAlertsQueryPublishedMetrics() {
        assertThat(render(Map.of()).kinds()).doesNotContain("PrometheusRule");

        Map<String, Object> rule = render(
                        Map.of("prometheusRule.enabled", "true", "prometheusRule.labels.release", "kps"))
                .get("PrometheusRule", APP);
        assertThat(at(rule, "metadata.labels.release")).isEqualTo("kps");
        List<Map<String, Object>> rules = rules(rule);
        assertThat(rules)
                .extracting(r -> r.get("alert"))
                .containsExactly(
                        "ChatBridgeGatewayCircuitOpen",
                        "ChatBridgeRedisErrors",
                        "ChatBridgeAnswersFailing",
                        "ChatBridgeImagineJobsStuck",
                        "ChatBridgeImagineJobsFailing");
        String scrape = PublishedMetrics.scrape();
        for (Map<String, Object> alert : rules) {
            String expression = String.valueOf(alert.get("expr"));
            Set<String> queried = PublishedMetrics.queriedBy(expression);
            assertThat(queried).as(expression).isNotEmpty();
            assertThat(queried)
                    .allSatisfy(name -> assertThat(scrape)
                            .as("%s in %s", name, alert.get("alert"))
                            .containsPattern("(?m)^" + name + "[{ ]"));
            // Every series is picked by this release's namespace and the ServiceMonitor's job.
            int selectors = expression.split("\\{", -1).length - 1;
            assertThat(expression.split("namespace=\"bots\", job=\"" + APP + "\"", -1))
                    .as(expression)
                    .hasSize(selectors + 1);
            assertThat(at(alert, "labels.severity")).isIn("warning", "critical");
            assertThat(at(alert, "annotations.summary")).isNotNull();
        }
        assertThat(String.valueOf(rules.getFirst().get("expr"))).contains("name=\"chat-upstream\"", "state=\"open\"");
        assertThat(String.valueOf(rules.get(2).get("expr"))).endsWith("> 0.2");

        Map<String, Object> custom = render(Map.of(
                        "prometheusRule.enabled", "true",
                        "prometheusRule.metricSelector", "app=\"bot\"",
                        "prometheusRule.additionalLabels.team", "bots"))
                .get("PrometheusRule", APP);
        assertThat(rules(custom))
                .allSatisfy(alert -> assertThat(String.valueOf(alert.get("expr")))
                        .contains("{app=\"bot\"")
                        .doesNotContain("namespace="))
                .allSatisfy(alert -> assertThat(at(alert, "labels.team")).isEqualTo("bots"));
    }

    @Test
    void grafanaDashboardIsAnOptionalConfigMapForTheSidecar() throws IOException {
        assertThat(render(Map.of()).kinds()).doesNotContain("ConfigMap");

        Map<String, Object> configMap = render(Map.of(
                        "grafanaDashboard.enabled", "true",
                        "grafanaDashboard.annotations.grafana_folder", "Bots"))
                .get("ConfigMap", APP + "-dashboard");
        assertThat(at(configMap, "metadata.labels.grafana_dashboard")).isEqualTo("1");
        assertThat(at(configMap, "metadata.namespace")).isEqualTo("bots");
        assertThat(at(configMap, "metadata.annotations.grafana_folder")).isEqualTo("Bots");
        assertThat(JSON.readTree(String.valueOf(((Map<?, ?>) configMap.get("data")).get("chatbridge.json"))))
                .isEqualTo(JSON.readTree(Files.readString(GrafanaDashboardTest.DASHBOARD)));
    }

    @Test
    void helmTestAsksTheServiceForReadinessWithTheAppsSecurityContext(@TempDir Path copy) throws IOException {
        Rendered chart = renderWithHooksVisible(copy);
        Map<String, Object> pod = chart.get("Pod", APP + "-test-readiness");
        Map<String, Object> deployment = chart.get("Deployment", APP);

        assertThat(at(pod, "metadata.annotations")).asInstanceOf(MAP).containsEntry(VISIBLE_HOOK, "test");
        // Not one of the app's pods: the Service must never send it traffic.
        assertThat(((Map<?, ?>) at(pod, "metadata.labels")).get("app.kubernetes.io/component"))
                .isEqualTo("test");
        assertThat(at(pod, "spec.restartPolicy")).isEqualTo("Never");
        assertThat(at(pod, "spec.activeDeadlineSeconds")).isEqualTo(120);
        assertThat(at(pod, "spec.automountServiceAccountToken")).isEqualTo(false);
        assertThat(at(pod, "spec.securityContext")).isEqualTo(at(deployment, "spec.template.spec.securityContext"));
        assertThat(at(pod, "spec.containers.0.securityContext"))
                .isEqualTo(at(deployment, "spec.template.spec.containers.0.securityContext"));
        assertThat(at(pod, "spec.containers.0.image"))
                .isEqualTo(at(deployment, "spec.template.spec.containers.0.image"));
        Map<String, Map<String, Object>> env = env(Map.of("spec", Map.of("template", Map.of("spec", at(pod, "spec")))));
        assertThat(value(env, "TARGET_HOST")).isEqualTo(APP);
        assertThat(value(env, "TARGET_PORT"))
                .isEqualTo(String.valueOf(at(chart.get("Service", APP), "spec.ports.0.port")));
        assertThat(value(env, "TARGET_PATH")).isEqualTo("/actuator/health/readiness");
    }

    @Test
    void helmTestsScriptWaitsForA200FromTheReadinessEndpoint(@TempDir Path copy) throws Exception {
        Map<String, Object> pod = renderWithHooksVisible(copy).get("Pod", APP + "-test-readiness");
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) at(pod, "spec.containers.0.command");
        assertThat(command.subList(0, 2)).isEqualTo(List.of("bash", "-c"));

        // The script, run by bash against a local server that is not ready at first.
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean ready = exchange.getRequestURI().getPath().equals("/actuator/health/readiness")
                    && requests.incrementAndGet() > 1;
            byte[] body = (ready ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}").getBytes();
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
            process.environment().put("TARGET_HOST", "127.0.0.1");
            process.environment()
                    .put("TARGET_PORT", String.valueOf(server.getAddress().getPort()));
            process.environment().put("TARGET_PATH", "/actuator/health/readiness");
            Process started = process.start();
            assertThat(started.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(started.exitValue()).as(output).isZero();
            assertThat(output).contains(" 503").contains(" 200");
            assertThat(requests.get()).isEqualTo(2);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void bundledRedisRefusesWritesBelowItsMemoryLimitInsteadOfBeingKilled() {
        Map<String, Object> redis = render(Map.of()).get("StatefulSet", REDIS);
        List<?> args = (List<?>) at(redis, "spec.template.spec.containers.0.args");
        long limit = 256L * 1024 * 1024;
        assertThat(at(redis, "spec.template.spec.containers.0.resources.limits.memory"))
                .isEqualTo("256Mi");
        assertThat(argAfter(args, "--maxmemory")).isEqualTo(String.valueOf(limit * 3 / 4));
        assertThat(argAfter(args, "--maxmemory-policy")).isEqualTo("noeviction");

        assertThat(argAfter(
                        (List<?>) at(
                                render(Map.of("redis.resources.limits.memory", "1Gi"))
                                        .get("StatefulSet", REDIS),
                                "spec.template.spec.containers.0.args"),
                        "--maxmemory"))
                .isEqualTo(String.valueOf(1024L * 1024 * 1024 * 3 / 4));
        assertThat(argAfter(
                        (List<?>) at(
                                render(Map.of("redis.maxmemory", "100Mi")).get("StatefulSet", REDIS),
                                "spec.template.spec.containers.0.args"),
                        "--maxmemory"))
                .isEqualTo(String.valueOf(100L * 1024 * 1024));
        assertThatThrownBy(() -> render(Map.of("redis.maxmemory", "256Mi")))
                .hasMessageContaining("redis.maxmemory (256Mi) must stay below redis.resources.limits.memory (256Mi)");
        assertThatThrownBy(() -> render(Map.of("redis.resources.limits", "null")))
                .hasMessageContaining("the bundled Redis needs redis.resources.limits.memory");
        // An external Redis is the operator's to size.
        assertThat(render(Map.of(
                                "redis.enabled",
                                "false",
                                "redis.url",
                                "redis://r:6379/0",
                                "redis.resources.limits",
                                "null"))
                        .find("StatefulSet", REDIS))
                .isNull();
    }

    @Test
    void discordWithOneShardRunsInOnePodUnlessTheReleaseSaysDiscordIsOff() {
        Map<String, String> webhook = Map.of(
                "telegram.webhookUrl", "https://bot.example.com/telegram",
                "telegram.webhookSecret", "hook-secret",
                "replicaCount", "3");
        Map<String, String> withDiscord = new LinkedHashMap<>(webhook);
        withDiscord.put("discord.botToken", "discord-token");
        assertThatThrownBy(() -> render(withDiscord))
                .hasMessageContaining("Discord with one gateway shard (discord.shards=1) runs in exactly one pod, but"
                        + " replicaCount is 3")
                .hasMessageContaining("Set discord.shards to at least replicaCount");

        // With existingSecret the chart cannot know; discord.enabled=false says there is no Discord token.
        Map<String, String> existing = new LinkedHashMap<>(webhook);
        existing.putAll(Map.of("telegram.botToken", "", "openai.apiKey", "", "existingSecret", "chatbridge-tokens"));
        assertThatThrownBy(() -> render(existing)).hasMessageContaining("set discord.enabled=false");
        existing.put("discord.enabled", "false");
        Rendered telegramOnly = render(existing);
        assertThat(at(telegramOnly.get("Deployment", APP), "spec.replicas")).isEqualTo(3);
        assertThat(env(telegramOnly.get("Deployment", APP))).doesNotContainKey("DISCORD_BOT_TOKEN");

        // Sharded, the pods split the shards.
        withDiscord.put("discord.shards", "3");
        assertThat(at(render(withDiscord).get("StatefulSet", APP), "spec.replicas"))
                .isEqualTo(3);
    }

    @Test
    void existingSecretAlsoHoldsTheProxiesAndTheHookSecret() {
        Rendered chart = render(Map.of(
                "telegram.botToken", "",
                "openai.apiKey", "",
                "existingSecret", "chatbridge-tokens",
                "mj.notifyHookBaseUrl", "https://bot.example.com"));
        Map<String, Map<String, Object>> env = env(chart.get("Deployment", APP));
        Map<String, String> keys = Map.of(
                "HTTPS_PROXY", "https-proxy",
                "HTTP_PROXY", "http-proxy",
                "ALL_PROXY", "all-proxy",
                "TELEGRAM_PROXY", "telegram-proxy",
                "DISCORD_PROXY", "discord-proxy",
                "OPENAI_PROXY", "openai-proxy",
                "CHATBRIDGE_MJ_NOTIFYSECRET", "mj-notify-secret");
        keys.forEach((name, key) -> assertThat(secretRef(env, name))
                .as(name)
                .containsEntry("name", "chatbridge-tokens")
                .containsEntry("key", key)
                .containsEntry("optional", true));
        assertThat(chart.find("Secret", APP)).isNull();
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
                Arguments.of(
                        Map.of("existingSecret", "chatbridge-tokens", "proxy.https", "http://u:p@proxy.example:3128"),
                        "proxy.https is stored in the chart's Secret, which is not rendered when existingSecret is set."
                                + " Put it under the key https-proxy of the Secret chatbridge-tokens"),
                Arguments.of(
                        Map.of("existingSecret", "chatbridge-tokens", "mj.notifySecret", "s3cret"),
                        "Put it under the key mj-notify-secret of the Secret chatbridge-tokens"),
                Arguments.of(
                        Map.of(
                                "telegram.webhookUrl",
                                "https://bot.example.com/hook",
                                "telegram.webhookSecret",
                                "s",
                                "autoscaling.enabled",
                                "true",
                                "discord.botToken",
                                "d"),
                        "autoscaling.enabled cannot be combined with Discord"),
                // The app serves the hook at the origin's root: a path would need a rewrite.
                Arguments.of(Map.of("mj.notifyHookBaseUrl", "https://bot.example.com/mj"), "/mj/notifyHookBaseUrl"),
                Arguments.of(Map.of("proxy.https", "proxy.example:3128"), "/proxy/https"),
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

    private static Rendered renderWith(Path dir, String valuesYaml, Map<String, String> values) throws IOException {
        Path file = dir.resolve("values-" + Integer.toHexString(valuesYaml.hashCode()) + ".yaml");
        Files.writeString(file, valuesYaml);
        return new Rendered(template(values).withValuesFile(file).call());
    }

    /** helm-java's template leaves hooks out; a copy of the chart whose hook annotation is renamed shows them. */
    private static final String VISIBLE_HOOK = "rendered-by-test/hook";

    private static Rendered renderWithHooksVisible(Path copy) throws IOException {
        copyTree(CHART, copy);
        try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.writeString(file, Files.readString(file).replace("helm.sh/hook:", VISIBLE_HOOK + ":"));
            }
        }
        TemplateCommand template =
                new Helm(copy).template().withName("cb").withNamespace("bots").withKubeVersion("1.31.0");
        for (Map.Entry<String, String> value : BASE.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        return new Rendered(template.call());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Map<String, Object> prometheusRule) {
        return (List<Map<String, Object>>) at(prometheusRule, "spec.groups.0.rules");
    }

    private static Object argAfter(List<?> args, String flag) {
        int index = args.indexOf(flag);
        assertThat(index).as("%s in %s", flag, args).isNotNegative();
        return args.get(index + 1);
    }

    /**
     * The environment the container gets: values, Secret keys decoded (absent optional keys left
     * out), {@code $(VAR)} expanded as the kubelet does, field references as in pod 0.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> containerEnvironment(Rendered chart, Map<String, Object> workload) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        env(workload).forEach((name, entry) -> {
            Object value = entry.get("value");
            Map<String, Object> secretRef = (Map<String, Object>) at(entry, "valueFrom.secretKeyRef");
            if (value != null) {
                String text = String.valueOf(value);
                for (var known : resolved.entrySet()) {
                    text = text.replace("$(" + known.getKey() + ")", String.valueOf(known.getValue()));
                }
                resolved.put(name, text);
            } else if (secretRef != null) {
                Map<String, Object> secret = chart.find("Secret", (String) secretRef.get("name"));
                String decoded = secret == null ? null : decoded(secret).get((String) secretRef.get("key"));
                if (decoded != null) {
                    resolved.put(name, decoded);
                }
            } else if (at(entry, "valueFrom.fieldRef") != null) {
                resolved.put(name, APP + "-0");
            }
        });
        return resolved;
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
