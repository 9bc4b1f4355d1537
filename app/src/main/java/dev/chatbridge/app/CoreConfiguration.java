package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.chat.SpringAiChatUpstream;
import dev.chatbridge.core.inbound.BotEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the platform-neutral core from the configuration. */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    @Bean
    SpringAiChatUpstream.GatewaySettings gatewaySettings(ChatBridgeProperties properties) {
        var gateway = properties.openai();
        return new SpringAiChatUpstream.GatewaySettings(
                gateway.baseUrl(), gateway.apiKey(), properties.chat().model(), gateway.requestTimeout());
    }

    @Bean
    BotSettings botSettings(ChatBridgeProperties properties) {
        var chat = properties.chat();
        return new BotSettings(
                chat.model(),
                chat.systemPrompt().isBlank() ? null : chat.systemPrompt(),
                chat.contextTokens(),
                properties.openai().idleTimeout(),
                chat.sharedGroupContext());
    }

    @Bean(destroyMethod = "close")
    ChatBridgeCore chatBridgeCore(
            StringRedisTemplate redis, SpringAiChatUpstream.GatewaySettings gateway, BotSettings settings,
            ChatBridgeProperties properties) {
        return new ChatBridgeCore(
                redis,
                new SpringAiChatUpstream(gateway),
                new ModelCatalog(gateway),
                settings,
                ChatBridgeCore.StorageSettings.defaults(
                        properties.chat().contextTtl(), properties.chat().maxStoredTurns()),
                AccessPolicy.fromLists(properties.bot().allowedUsers(), properties.bot().admins()));
    }

    @Bean
    BotEngine botEngine(ChatBridgeCore core) {
        return core.engine();
    }
}
