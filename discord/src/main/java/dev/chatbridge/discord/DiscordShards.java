package dev.chatbridge.discord;

import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.sharding.ThreadPoolProvider;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.cache.CacheFlag;

/**
 * How JDA runs this process's shards: against the configured REST and gateway URLs (which tests point at the fake
 * Discord), uncompressed, without member or entity caches, with no shutdown hook of its own, with callbacks on
 * their own pool and events on a thread per shard.
 */
final class DiscordShards {

    private DiscordShards() {}

    /** Logs in (failing here on a bad token or an unreachable REST API) and starts the shards; they connect in the background. */
    static ShardManager start(
            DiscordSettings settings,
            DiscordConnections connections,
            EnumSet<GatewayIntent> intents,
            Object... listeners) {
        SessionControllerAdapter gateway = new SessionControllerAdapter() {
            @Override
            public String getGateway() {
                return settings.gatewayUrl();
            }

            @Override
            public ShardedGateway getShardedGateway(JDA api) {
                return new ShardedGateway(settings.gatewayUrl(), settings.shardTotal());
            }
        };
        ShardManager manager = DefaultShardManagerBuilder.create(settings.botToken(), intents)
                .setRestConfig(new RestConfig().setBaseUrl(settings.restBase()))
                .setSessionController(gateway)
                .setHttpClientBuilder(connections.rest())
                .setWebsocketFactory(connections.gateway())
                .setCompression(Compression.NONE)
                // JDA runs RestAction callbacks on ForkJoinPool.commonPool() unless told otherwise, and the
                // OpenAI SDK sends every request through that pool too (one worker on 2 cores): keep them apart.
                .setCallbackPool(
                        Executors.newThreadPerTaskExecutor(
                                Thread.ofVirtual().name("discord-callback-", 0).factory()),
                        true)
                // Events leave the gateway's websocket thread for one thread per shard: handled in arrival order,
                // while a listener that waits never delays heartbeats or the reading of the next event.
                .setEventPoolProvider(new ThreadPoolProvider<>() {
                    @Override
                    public ExecutorService provide(int shardId) {
                        return Executors.newSingleThreadExecutor(Thread.ofVirtual()
                                .name("discord-events-" + shardId)
                                .factory());
                    }

                    @Override
                    public boolean shouldShutdownAutomatically(int shardId) {
                        return true;
                    }
                })
                .setShardsTotal(settings.shardTotal())
                .setShards(settings.shardsToRun())
                .setMemberCachePolicy(MemberCachePolicy.NONE)
                .setChunkingFilter(ChunkingFilter.NONE)
                .disableCache(EnumSet.allOf(CacheFlag.class))
                .setEnableShutdownHook(false)
                .addEventListeners(listeners)
                .build(false);
        try {
            manager.login();
        } catch (RuntimeException e) {
            // A failed login is tried again later with a new manager: release this one's threads.
            manager.shutdown();
            throw e;
        }
        return manager;
    }
}
