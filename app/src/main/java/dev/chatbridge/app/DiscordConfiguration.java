package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.discord.DiscordBot;
import dev.chatbridge.discord.DiscordSettings;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The Discord adapter, when {@code DISCORD_BOT_TOKEN} is set. */
@Configuration(proxyBeanMethods = false)
@Conditional(DiscordTokenCondition.class)
class DiscordConfiguration {

    @Bean
    DiscordSettings discordSettings(ChatBridgeProperties properties) {
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

    /**
     * Disconnects on context close, after the core drained its answers (which still need Discord's REST API). A token
     * the gateway refuses (close code 4004) after the login accepted it stops the application, as at login.
     */
    @Bean(destroyMethod = "close")
    DiscordBot discordBot(
            DiscordSettings settings, ChatBridgeCore core, OutboundProxies proxies, ApplicationContext context) {
        DiscordBot bot = new DiscordBot(settings, core.engine(), core.channels(), core.models(), proxies);
        bot.onTokenRejected(rejected -> AdapterLifecycle.exitApplication(context)
                .accept(new IllegalStateException(rejected.getMessage(), rejected)));
        return bot;
    }

    /** {@code discord} in /actuator/health: down unless every shard this process runs is connected. */
    @Bean
    HealthIndicator discordHealthIndicator(DiscordBot bot, AdapterLifecycle discordLifecycle) {
        return HealthConfiguration.platformHealth(discordLifecycle, bot.connection());
    }

    /**
     * Connects once the whole context is up (logging in again in the background while Discord cannot be reached);
     * on shutdown first stops taking new events.
     */
    @Bean
    AdapterLifecycle discordLifecycle(DiscordBot bot, ApplicationContext context) {
        return new AdapterLifecycle(
                "Discord", bot::start, bot::stopReceiving, AdapterLifecycle.exitApplication(context));
    }
}
