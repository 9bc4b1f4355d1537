package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.discord.DiscordBot;
import dev.chatbridge.discord.DiscordSettings;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The Discord adapter, when {@code DISCORD_BOT_TOKEN} has text. A {@link BeanRegistrar} decided at run time, as
 * {@link TelegramConfiguration} explains.
 */
public final class DiscordConfiguration implements BeanRegistrar {

    @Override
    public void register(BeanRegistry registry, Environment env) {
        if (!StringUtils.hasText(env.getProperty("chatbridge.discord.bot-token"))) {
            return;
        }
        registry.registerBean(
                "discordSettings",
                DiscordSettings.class,
                spec -> spec.supplier(context -> settings(context.bean(ChatBridgeProperties.class))));
        // Disconnects (AutoCloseable) on context close, after the core drained its answers (which still need
        // Discord's REST API).
        registry.registerBean(
                "discordBot",
                DiscordBot.class,
                spec -> spec.supplier(context -> {
                    ChatBridgeCore core = context.bean(ChatBridgeCore.class);
                    return new DiscordBot(
                            context.bean(DiscordSettings.class),
                            core.engine(),
                            core.channels(),
                            core.models(),
                            context.bean(OutboundProxies.class));
                }));
        // discord in /actuator/health: down unless every shard this process runs is connected.
        registry.registerBean(
                "discordHealthIndicator",
                HealthIndicator.class,
                spec -> spec.supplier(context -> HealthConfiguration.platformHealth(
                        context.bean("discordLifecycle", AdapterLifecycle.class),
                        context.bean(DiscordBot.class).connection())));
        // Connects once the whole context is up (logging in again in the background while Discord cannot be reached);
        // on shutdown first stops taking new events. A token the gateway refuses (close code 4004) after the login
        // accepted it stops the application, as at login.
        registry.registerBean(
                "discordLifecycle",
                AdapterLifecycle.class,
                spec -> spec.supplier(context -> {
                    DiscordBot bot = context.bean(DiscordBot.class);
                    AdapterLifecycle lifecycle = new AdapterLifecycle("Discord", bot::start, bot::stopReceiving);
                    bot.onTokenRejected(
                            rejected -> lifecycle.fail(new IllegalStateException(rejected.getMessage(), rejected)));
                    return lifecycle;
                }));
    }

    private static DiscordSettings settings(ChatBridgeProperties properties) {
        var discord = properties.discord();
        return new DiscordSettings(
                discord.botToken(),
                discord.apiUrl(),
                discord.gatewayUrl(),
                discord.shard().total(),
                discord.shard().idsToRun(),
                discord.commandGuilds(),
                discord.allowedGuilds(),
                discord.allowedChannels(),
                discord.editInterval(),
                discord.threads(),
                discord.heldMessages());
    }
}
