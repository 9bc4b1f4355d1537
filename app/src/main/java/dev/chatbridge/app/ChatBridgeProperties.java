package dev.chatbridge.app;

import dev.chatbridge.core.chat.ModelListSettings;
import dev.chatbridge.telegram.TelegramSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Every setting, bound from {@code application.yaml}, which maps the contract's environment
 * variables (shared/DESIGN.md) onto these names. Records holding secrets redact them in toString.
 */
@ConfigurationProperties("chatbridge")
public record ChatBridgeProperties(
        @DefaultValue Gateway openai,
        @DefaultValue Chat chat,
        @DefaultValue Telegram telegram,
        @DefaultValue Access bot,
        @DefaultValue Redis redis,
        @DefaultValue Midjourney mj,
        @DefaultValue Shutdown shutdown,
        @DefaultValue Discord discord,
        @DefaultValue Limits limits,
        @DefaultValue Fetch fetch,
        @DefaultValue Breaker breaker,
        @DefaultValue Proxy proxy,
        @DefaultValue Models models,
        @DefaultValue Pages pages) {

    /**
     * Pages the bot serves to users, on {@code SERVER_PORT}: {@code publicBaseUrl} is the origin users reach them at
     * ({@code PUBLIC_BASE_URL}; empty: the origin of the Telegram webhook URL, and with neither there are no pages);
     * Vary (Region) links stay valid for {@code regionLinkLifetime}.
     */
    public record Pages(
            @DefaultValue("") String publicBaseUrl,
            @DefaultValue("30m") Duration regionLinkLifetime) {}

    /**
     * The models users are offered in {@code /models}, {@code /model} and Discord's autocomplete: glob patterns
     * ({@code *}, {@code ?}, case-insensitive) to include (empty: all) and to exclude, and {@code name=model-id}
     * aliases. The default exclusions drop the non-chat models gateways list (embeddings, speech, images, moderation).
     */
    public record Models(
            @DefaultValue List<String> include,

            @DefaultValue({
                "*embed*",
                "*tts*",
                "*whisper*",
                "*transcribe*",
                "dall-e*",
                "gpt-image*",
                "*moderation*",
                "*realtime*",
                "*rerank*",
                "babbage*",
                "davinci*",
                "sora*"
            })
            List<String> exclude,

            @DefaultValue List<String> aliases) {

        ModelListSettings settings() {
            return new ModelListSettings(include, exclude, ModelListSettings.parseAliases(String.join(",", aliases)));
        }
    }

    /**
     * Outbound proxies ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code ALL_PROXY}, {@code NO_PROXY}) and the
     * per-target ones that replace them ({@code TELEGRAM_PROXY}, {@code DISCORD_PROXY}, {@code OPENAI_PROXY}, the
     * last also for the Midjourney proxy): {@code http://[user:pass@]host:port} or {@code socks5://…}.
     */
    public record Proxy(
            @DefaultValue("") String https,
            @DefaultValue("") String http,
            @DefaultValue("") String all,
            @DefaultValue("") String noProxy,
            @DefaultValue("") String telegram,
            @DefaultValue("") String discord,
            @DefaultValue("") String openai) {

        public dev.chatbridge.core.net.OutboundProxies.Settings settings() {
            return settings(System.getenv());
        }

        /**
         * The settings, where the upper-case variables are unset taking the lower-case ones that curl, wget and
         * most tools read too ({@code https_proxy}, {@code http_proxy}, {@code all_proxy}, {@code no_proxy}).
         */
        dev.chatbridge.core.net.OutboundProxies.Settings settings(java.util.Map<String, String> environment) {
            return new dev.chatbridge.core.net.OutboundProxies.Settings(
                    orLowerCase(https, environment, "https_proxy"),
                    orLowerCase(http, environment, "http_proxy"),
                    orLowerCase(all, environment, "all_proxy"),
                    orLowerCase(noProxy, environment, "no_proxy"),
                    telegram,
                    discord,
                    openai);
        }

        private static String orLowerCase(String value, java.util.Map<String, String> environment, String variable) {
            return value.isBlank() ? environment.getOrDefault(variable, "") : value;
        }

        @Override
        public String toString() {
            return "Proxy" + settings().toString().substring("Settings".length());
        }
    }

    /**
     * Per-user limits (0 = unlimited; admins override them per user with /limit) and the longest
     * question. The image size cap is {@code chatbridge.features.vision.max-image-size}.
     */
    public record Limits(
            @DefaultValue("20") int messagesPerMinute,
            @DefaultValue("200000") long dailyTokens,
            @DefaultValue("20") int dailyImageJobs,
            @DefaultValue("8000") int maxMessageChars) {}

    /**
     * Downloads of URLs users supply: hosts trusted beyond the gateway and Midjourney proxy (which
     * always are), and time limits.
     */
    public record Fetch(
            @DefaultValue("") List<String> trustedHosts,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("15s") Duration readTimeout,
            @DefaultValue("60s") Duration totalTimeout) {}

    /** The circuit breaker in front of the chat gateway. */
    public record Breaker(
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("50") float failureRatePercent,
            @DefaultValue("30s") Duration openFor) {}

    public record Gateway(
            @DefaultValue("https://api.openai.com") String baseUrl,
            @DefaultValue("") String apiKey,
            @DefaultValue("10m") Duration requestTimeout,
            @DefaultValue("90s") Duration idleTimeout) {
        @Override
        public String toString() {
            return "Gateway[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "<unset>" : "<redacted>")
                    + ", requestTimeout=" + requestTimeout + ", idleTimeout=" + idleTimeout + "]";
        }
    }

    /**
     * The chat model and its context; {@code maxTokens} caps each answer ({@code max_tokens}; 0 sends no
     * cap), and bounds the answer lengths users may pick in {@code /settings}.
     */
    public record Chat(
            @DefaultValue("gpt-4o") String model,
            @DefaultValue("") String systemPrompt,
            @DefaultValue("16000") int contextTokens,
            @DefaultValue("7d") Duration contextTtl,
            @DefaultValue("200") int maxStoredTurns,
            @DefaultValue("false") boolean sharedGroupContext,
            @DefaultValue("4096") int maxTokens,
            @DefaultValue Temperature temperature) {}

    /**
     * The sampling temperature: {@code default} is sent unless a user picked one in {@code /settings}
     * (unset: none is sent, the model's own applies); users pick only within {@code min..max}.
     */
    public record Temperature(
            // Empty binds to null.
            @Name("default") @DefaultValue("") @org.jspecify.annotations.Nullable
            Double defaultValue,

            @DefaultValue("0") double min,
            @DefaultValue("2") double max) {}

    public record Telegram(
            @DefaultValue("") String botToken,
            @DefaultValue("https://api.telegram.org") String apiUrl,
            @DefaultValue("DRAFT") TelegramSettings.StreamingMode streaming,
            @DefaultValue("1100ms") Duration privateChatInterval,
            @DefaultValue("3100ms") Duration groupChatInterval,
            @DefaultValue("50s") Duration pollTimeout,
            @DefaultValue("1s") Duration albumWait,
            @DefaultValue("") String webhookUrl,
            @DefaultValue("") String webhookSecret,
            @DefaultValue("false") boolean dropPendingUpdates) {
        @Override
        public String toString() {
            return "Telegram[botToken=" + (botToken.isBlank() ? "<unset>" : "<redacted>") + ", apiUrl=" + apiUrl
                    + ", streaming=" + streaming + ", webhookUrl=" + webhookUrl + ", webhookSecret="
                    + (webhookSecret.isBlank() ? "<unset>" : "<redacted>") + "]";
        }
    }

    /**
     * Stopping (SIGTERM): the answers being written get {@code gracePeriod} to finish; the rest are
     * handed to another replica. Keep it below the platform's kill timeout (Kubernetes'
     * terminationGracePeriodSeconds), which the chart derives from it.
     */
    public record Shutdown(@DefaultValue("30s") Duration gracePeriod) {}

    /**
     * The Discord adapter. {@code shard.total} shards are split over this process: {@code shard.ids} when given,
     * else, with {@code shard.replicas} and {@code shard.podName} (the Helm chart's StatefulSet), pod {@code i}
     * runs the shards {@code s % replicas == i}; else all of them. Empty allowlists allow every guild/channel.
     * {@code heldMessages} messages at most wait in memory while Redis is unreachable.
     */
    public record Discord(
            @DefaultValue("") String botToken,
            @DefaultValue("https://discord.com/api/v10") String apiUrl,
            @DefaultValue("wss://gateway.discord.gg") String gatewayUrl,
            @DefaultValue Shard shard,
            @DefaultValue("") List<String> commandGuilds,
            @DefaultValue("") Set<String> allowedGuilds,
            @DefaultValue("") Set<String> allowedChannels,
            @DefaultValue("1250ms") Duration editInterval,
            @DefaultValue("true") boolean threads,
            @DefaultValue("500") int heldMessages) {

        public Discord {
            // An empty default binds as one empty element.
            commandGuilds = commandGuilds.stream().filter(id -> !id.isBlank()).toList();
            allowedGuilds =
                    allowedGuilds.stream().filter(id -> !id.isBlank()).collect(java.util.stream.Collectors.toSet());
            allowedChannels =
                    allowedChannels.stream().filter(id -> !id.isBlank()).collect(java.util.stream.Collectors.toSet());
        }

        public record Shard(
                @DefaultValue("1") int total,
                @DefaultValue("") List<Integer> ids,
                @DefaultValue("0") int replicas,
                @DefaultValue("") String podName) {

            public Shard {
                ids = ids.stream().filter(java.util.Objects::nonNull).toList();
            }

            /** The shard ids this process runs (empty: all). */
            public List<Integer> idsToRun() {
                if (!ids.isEmpty()) {
                    return ids;
                }
                if (replicas > 0 && !podName.isBlank()) {
                    return dev.chatbridge.discord.DiscordSettings.shardsOfPod(total, replicas, podName);
                }
                return List.of();
            }
        }

        @Override
        public String toString() {
            return "Discord[botToken=" + (botToken.isBlank() ? "<unset>" : "<redacted>") + ", apiUrl=" + apiUrl
                    + ", gatewayUrl=" + gatewayUrl + ", shard=" + shard + "]";
        }
    }

    /**
     * The Midjourney proxy; base URL and key default to the gateway's. With {@code notifyHookBaseUrl}
     * (this app's public URL) and {@code notifySecret} set, the proxy pushes task changes to
     * {@code <notifyHookBaseUrl>/hooks/midjourney/<notifySecret>} and polling becomes a safety net.
     * {@code previewInterval}: the least time between two preview pictures of a running job (zero: none).
     * {@code askTimeout}: how long a Remix, Custom Zoom or Vary (Region) waits for the user's answer.
     */
    public record Midjourney(
            @DefaultValue("") String baseUrl,
            @DefaultValue("") String apiKey,
            @DefaultValue("AUTO") dev.chatbridge.core.upstream.midjourney.MidjourneySettings.Dialect dialect,
            @DefaultValue("") String notifyHookBaseUrl,
            @DefaultValue("") String notifySecret,
            @DefaultValue("500ms") Duration watchTick,
            @DefaultValue("5s") Duration previewInterval,
            @DefaultValue("10m") Duration askTimeout) {
        @Override
        public String toString() {
            return "Midjourney[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "<unset>" : "<redacted>")
                    + ", dialect=" + dialect + ", notifyHookBaseUrl=" + notifyHookBaseUrl + ", notifySecret="
                    + (notifySecret.isBlank() ? "<unset>" : "<redacted>") + "]";
        }

        public boolean hookEnabled() {
            return !notifyHookBaseUrl.isBlank() && !notifySecret.isBlank();
        }
    }

    public record Access(
            @DefaultValue("") String allowedUsers,
            @DefaultValue("") String admins,
            @DefaultValue("") String allowedChats) {}

    public record Redis(
            @DefaultValue("") String url,
            @DefaultValue("data/redis") Path embeddedDataDir,
            @DefaultValue("3s") Duration commandTimeout) {
        @Override
        public String toString() {
            return "Redis[url=" + (url.isBlank() ? "<embedded>" : Redaction.url(url)) + ", embeddedDataDir="
                    + embeddedDataDir + "]";
        }
    }
}
