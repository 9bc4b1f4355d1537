package dev.chatbridge.discord;

import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.observe.PlatformConnection;
import dev.chatbridge.core.observe.PlatformStartException;
import dev.chatbridge.core.pipeline.BotEngine;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord adapter: runs this process's shards through JDA's ShardManager against {@code DISCORD_API_URL} and
 * {@code DISCORD_GATEWAY_URL} ({@link DiscordShards}), registers the slash commands ({@link
 * SlashCommandRegistration}), hands events to the core ({@link MessageListener}, {@link InteractionListener}) and
 * registers "dc" in the core's channel directory for background deliveries. If Discord refuses the privileged
 * Message Content intent (close code 4014), it says how to enable it and carries on without it.
 */
public final class DiscordBot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);
    private static final EnumSet<GatewayIntent> INTENTS =
            EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES, GatewayIntent.MESSAGE_CONTENT);

    private final DiscordSettings settings;
    private final DiscordConnections connections;
    private final BotEngine engine;
    private final ModelCatalog models;
    private final DiscordChats chats;
    private final ShardHealth health;
    private final ChatLanes lanes = new ChatLanes();
    private final HeldMessages held;
    /** How often a message kept during a Redis outage is offered to the core again. */
    private static final Duration HELD_RETRY = Duration.ofSeconds(1);

    private volatile @Nullable ShardManager shards;
    private volatile boolean messageContent = true;
    private volatile boolean closed;
    private volatile boolean receiving = true;
    /**
     * How long a slash command's answer may use its interaction token. Not configurable in production (Discord's
     * 15 minutes are fixed); tests shorten it, with the fake's token lifetime, to watch the switch to the channel
     * without waiting 14 minutes.
     */
    private volatile Duration interactionTokenWindow = InteractionChatChannel.TOKEN_MARGIN;
    /** Told when the gateway refuses the token after the REST login accepted it (close code 4004). */
    private volatile Consumer<PlatformStartException.TokenRejected> onTokenRejected = rejected -> {};

    public DiscordBot(DiscordSettings settings, BotEngine engine, ChannelDirectory channels, ModelCatalog models) {
        this(settings, engine, channels, models, OutboundProxies.direct());
    }

    /** REST, the gateway and attachment downloads go through {@code DISCORD_PROXY} or the general proxies. */
    public DiscordBot(
            DiscordSettings settings,
            BotEngine engine,
            ChannelDirectory channels,
            ModelCatalog models,
            OutboundProxies proxies) {
        this.connections = DiscordConnections.of(settings, proxies);
        this.settings = settings;
        this.engine = engine;
        this.models = models;
        this.chats = new DiscordChats(() -> shards, settings.editInterval());
        this.health = new ShardHealth(() -> shards, settings.shardsToRun());
        this.held = new HeldMessages(engine, settings.heldMessages(), HELD_RETRY);
        channels.register(DiscordChats.PLATFORM, chats::resolve);
        engine.attachments().register(DiscordChats.PLATFORM, DiscordAttachment::restore);
    }

    /**
     * Logs in and starts the shards; they connect in the background. Throws {@link PlatformStartException.TokenRejected}
     * when Discord refuses the token, {@link PlatformStartException.Unreachable} when its REST API cannot be reached
     * (the same start may succeed later).
     */
    public synchronized void start() throws PlatformStartException {
        EnumSet<GatewayIntent> intents = EnumSet.copyOf(INTENTS);
        if (!messageContent) {
            intents.remove(GatewayIntent.MESSAGE_CONTENT);
            net.dv8tion.jda.api.entities.Message.suppressContentIntentWarning(); // explained once, above
        }
        DiscordPlaces places = new DiscordPlaces(settings);
        MessageListener messages =
                new MessageListener(held, chats, places, new DiscordThreads(settings.threads()), messageContent, lanes);
        InteractionListener interactions =
                new InteractionListener(engine, models, chats, places, interactionTokenWindow, lanes, held);
        try {
            shards = DiscordShards.start(
                    settings,
                    connections,
                    intents,
                    gated(messages),
                    gated(interactions),
                    new SlashCommandRegistration(settings.commandGuilds()),
                    new MessageContentFallback(),
                    new GatewayTokenCheck());
        } catch (RuntimeException e) {
            PlatformStartException sorted = DiscordFailures.startFailure(e);
            if (sorted != null) {
                throw sorted;
            }
            throw e;
        }
        log.info(
                "Discord: starting shards {} of {} against {}",
                settings.shardsToRun(),
                settings.shardTotal(),
                settings.gatewayUrl());
    }

    /** During a graceful shutdown new events are left alone, while answers in flight are still delivered. */
    private EventListener gated(EventListener listener) {
        return event -> {
            if (receiving) {
                listener.onEvent(event);
            }
        };
    }

    /** For tests: the running shards, or null before {@link #start()} and after {@link #close()}. */
    @Nullable
    ShardManager shardManager() {
        return shards;
    }

    /** For tests: the messages waiting for Redis to come back. */
    int heldMessages() {
        return held.size();
    }

    /** For tests: see {@link #interactionTokenWindow}; takes effect at the next {@link #start()}. */
    void interactionTokenWindow(Duration window) {
        this.interactionTokenWindow = window;
    }

    /** Waits until every shard of this process is connected (for tests and readiness). */
    public void awaitReady() throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            ShardManager manager = shards;
            if (manager == null) {
                return;
            }
            try {
                for (JDA shard : manager.getShards()) {
                    shard.awaitReady();
                }
                return;
            } catch (IllegalStateException e) {
                // Shut down while waiting: the restart without the Message Content intent; wait for the new shards.
                if (attempt >= 10) {
                    throw e;
                }
                Thread.sleep(300);
            }
        }
    }

    /** The gateway link of this process's shards, for the health endpoint. */
    public PlatformConnection connection() {
        return health;
    }

    /** Whether the gateway session reads message content (false after Discord refused the intent). */
    public boolean readsMessageContent() {
        return messageContent;
    }

    /**
     * Stops handing new events to the core, while REST stays up: answers in flight can still be delivered during
     * a graceful shutdown. {@link #close()} then disconnects.
     */
    public void stopReceiving() {
        receiving = false;
        try {
            lanes.drain(Duration.ofSeconds(10)); // events taken before the stop still reach the core's queue
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        ShardManager manager = shards;
        shards = null;
        if (manager != null) {
            manager.shutdown();
        }
        lanes.close();
        held.close();
    }

    /**
     * What to do when the gateway refuses the token (close code 4004) after the REST login accepted it; JDA has then
     * shut the shard down for good. The application stops, as for a token rejected at login.
     */
    public void onTokenRejected(Consumer<PlatformStartException.TokenRejected> action) {
        this.onTokenRejected = action;
    }

    /** Reports a gateway session that Discord closed with 4004 Authentication failed. */
    private final class GatewayTokenCheck extends ListenerAdapter {
        @Override
        public void onShutdown(ShutdownEvent event) {
            if (event.getCloseCode() != CloseCode.AUTHENTICATION_FAILED || closed) {
                return;
            }
            PlatformStartException.TokenRejected rejected = new PlatformStartException.TokenRejected(
                    "Discord rejected the bot token (gateway close code 4004 Authentication failed): check "
                            + "DISCORD_BOT_TOKEN",
                    new IllegalStateException("shard closed with 4004"));
            log.error("{}", rejected.getMessage());
            onTokenRejected.accept(rejected);
        }
    }

    /** When Discord refuses the privileged Message Content intent: says how to enable it, restarts without it. */
    private final class MessageContentFallback extends ListenerAdapter {
        @Override
        public void onShutdown(ShutdownEvent event) {
            if (event.getCloseCode() != CloseCode.DISALLOWED_INTENTS || !messageContent || closed) {
                return;
            }
            log.error("Discord refused the privileged Message Content intent. Enable it in the Discord developer "
                    + "portal (your application → Bot → Privileged Gateway Intents → Message Content Intent). "
                    + "Until then the bot answers DMs, mentions, replies to it and slash commands, but not other "
                    + "messages in its threads.");
            messageContent = false;
            // Restart without the intent, off JDA's own threads, which the shutdown is still using.
            Thread.ofVirtual().name("discord-restart").start(() -> {
                ShardManager old;
                synchronized (DiscordBot.this) {
                    old = shards;
                }
                if (old != null) {
                    old.shutdown();
                }
                synchronized (DiscordBot.this) {
                    if (!closed) {
                        try {
                            start();
                        } catch (PlatformStartException e) {
                            log.error(
                                    "Discord: could not start again without the Message Content intent: {}",
                                    e.getMessage());
                        }
                    }
                }
            });
        }
    }

    /** The configured shard ids for one pod of a StatefulSet; see {@link DiscordSettings#shardsOfPod}. */
    public static List<Integer> shardsOfPod(int total, int replicas, String podName) {
        return DiscordSettings.shardsOfPod(total, replicas, podName);
    }
}
