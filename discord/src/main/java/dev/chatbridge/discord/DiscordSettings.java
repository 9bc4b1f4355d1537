package dev.chatbridge.discord;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the Discord adapter runs. {@code apiUrl} is the REST base with its version (DISCORD_API_URL) and
 * {@code gatewayUrl} the websocket gateway (DISCORD_GATEWAY_URL). This process runs the shards {@code shardIds} of
 * {@code shardTotal}. Slash commands are registered globally, or only in {@code commandGuilds} when given (guild
 * commands appear at once; global ones can take a while). Non-empty {@code allowedGuilds} / {@code allowedChannels}
 * limit where the bot answers (DMs are governed by the user allowlist alone). {@code editInterval} spaces message
 * updates per channel: Discord allows about 5 creates or edits per 5 s per channel. With {@code threads}, a mention
 * in a text channel starts a thread for the conversation. While Redis is unreachable, up to {@code heldMessages}
 * messages wait in memory for it to come back ({@link HeldMessages}).
 */
public record DiscordSettings(
        String botToken,
        String apiUrl,
        String gatewayUrl,
        int shardTotal,
        List<Integer> shardIds,
        List<String> commandGuilds,
        Set<String> allowedGuilds,
        Set<String> allowedChannels,
        Duration editInterval,
        boolean threads,
        int heldMessages) {

    /** Messages kept in memory during a Redis outage: a few minutes of a busy bot, a few MB at most. */
    public static final int DEFAULT_HELD_MESSAGES = 500;

    public DiscordSettings {
        Objects.requireNonNull(botToken, "botToken");
        URI api = URI.create(apiUrl);
        if (!("http".equals(api.getScheme()) || "https".equals(api.getScheme())) || api.getHost() == null) {
            throw new IllegalArgumentException(
                    "DISCORD_API_URL must look like https://discord.com/api/v10, got " + apiUrl);
        }
        URI gateway = URI.create(gatewayUrl);
        if (!("ws".equals(gateway.getScheme()) || "wss".equals(gateway.getScheme())) || gateway.getHost() == null) {
            throw new IllegalArgumentException(
                    "DISCORD_GATEWAY_URL must look like wss://gateway.discord.gg, got " + gatewayUrl);
        }
        if (shardTotal < 1) {
            throw new IllegalArgumentException("the shard total must be at least 1, got " + shardTotal);
        }
        shardIds = List.copyOf(shardIds);
        for (int id : shardIds) {
            if (id < 0 || id >= shardTotal) {
                throw new IllegalArgumentException("shard id " + id + " is outside 0.." + (shardTotal - 1));
            }
        }
        if (heldMessages < 0) {
            throw new IllegalArgumentException("heldMessages must not be negative, got " + heldMessages);
        }
        commandGuilds = List.copyOf(commandGuilds);
        allowedGuilds = Set.copyOf(allowedGuilds);
        allowedChannels = Set.copyOf(allowedChannels);
    }

    /** JDA's RestConfig wants the base to end in a slash. */
    String restBase() {
        return apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    }

    /** The shards this process runs: the configured ids, or all of them. */
    List<Integer> shardsToRun() {
        return shardIds.isEmpty()
                ? java.util.stream.IntStream.range(0, shardTotal).boxed().toList()
                : shardIds;
    }

    /**
     * The shards of one pod when {@code replicas} pods split {@code total} shards (the Helm chart's StatefulSet):
     * pod {@code i} (its name ends in {@code -i}) runs the shards {@code s} with {@code s % replicas == i}.
     */
    public static List<Integer> shardsOfPod(int total, int replicas, String podName) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1");
        }
        int dash = podName.lastIndexOf('-');
        int ordinal;
        try {
            ordinal = Integer.parseInt(podName.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the pod name must end in its ordinal (-0, -1, ...), got " + podName, e);
        }
        if (ordinal >= replicas) {
            throw new IllegalArgumentException("pod " + podName + " has no shards: only " + replicas + " replicas");
        }
        return java.util.stream.IntStream.range(0, total)
                .filter(s -> s % replicas == ordinal)
                .boxed()
                .toList();
    }

    @Override
    public String toString() {
        return "DiscordSettings[botToken=<redacted>, apiUrl=" + apiUrl + ", gatewayUrl=" + gatewayUrl
                + ", shardTotal=" + shardTotal + ", shardIds=" + shardIds + ", commandGuilds=" + commandGuilds
                + ", allowedGuilds=" + allowedGuilds + ", allowedChannels=" + allowedChannels
                + ", editInterval=" + editInterval + ", threads=" + threads + ", heldMessages=" + heldMessages + "]";
    }
}
