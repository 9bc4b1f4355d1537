package dev.chatbridge.discord;

import dev.chatbridge.core.observe.PlatformConnection;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.jspecify.annotations.Nullable;

/**
 * The gateway link of the shards this process runs: up when every one of them is CONNECTED. The detail names each
 * shard's JDA status (e.g. "shard 0 CONNECTED, shard 1 WAITING_TO_RECONNECT"); a shard the ShardManager has not
 * built yet (it starts shards one by one, 5 s apart) shows as NOT_STARTED.
 */
final class ShardHealth implements PlatformConnection {

    private final Supplier<@Nullable ShardManager> shards;
    private final List<Integer> shardIds;

    ShardHealth(Supplier<@Nullable ShardManager> shards, List<Integer> shardIds) {
        this.shards = shards;
        this.shardIds = List.copyOf(shardIds);
    }

    @Override
    public String platform() {
        return DiscordChats.PLATFORM;
    }

    @Override
    public State state() {
        ShardManager manager = shards.get();
        if (manager == null) {
            return new State(false, "not started or shut down");
        }
        List<String> statuses =
                shardIds.stream().map(id -> status(manager.getShardById(id))).toList();
        boolean up = statuses.stream().allMatch(JDA.Status.CONNECTED.name()::equals);
        String detail = IntStream.range(0, shardIds.size())
                .mapToObj(i -> "shard " + shardIds.get(i) + " " + statuses.get(i))
                .collect(Collectors.joining(", "));
        return new State(up, detail);
    }

    private static String status(@Nullable JDA shard) {
        return shard == null ? "NOT_STARTED" : shard.getStatus().name();
    }
}
