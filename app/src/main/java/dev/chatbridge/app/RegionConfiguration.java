package dev.chatbridge.app;

import dev.chatbridge.app.region.RegionPages;
import dev.chatbridge.app.region.RegionSubmissions;
import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.imagine.RegionEditor;
import dev.chatbridge.core.upstream.midjourney.MidjourneyClient;
import java.net.URI;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/** The Vary (Region) mask page on {@code SERVER_PORT}, reached through links at {@code PUBLIC_BASE_URL}. */
@Configuration(proxyBeanMethods = false)
class RegionConfiguration {

    /**
     * Masks go to the core, which watches the job. The core is built with the {@link RegionEditor} these pages make
     * (core → editor → pages → submissions → core), so the submissions look the core up when a mask comes in, by
     * then long built, instead of taking it at construction.
     */
    @Bean
    RegionSubmissions regionSubmissions(ObjectProvider<ChatBridgeCore> core) {
        return RegionPages.throughTheCore(() -> core.getObject().imagine());
    }

    @Bean
    RegionPages regionPages(
            ChatBridgeProperties properties,
            StringRedisTemplate redis,
            MidjourneyClient midjourney,
            RegionSubmissions submissions) {
        return RegionPages.create(
                new RegionPages.Settings(
                        publicBaseUrl(properties),
                        properties.pages().regionLinkLifetime(),
                        properties.telegram().botToken(),
                        properties.discord().botToken()),
                redis,
                midjourney,
                submissions,
                Clock.systemUTC());
    }

    @Bean
    RegionEditor regionEditor(RegionPages pages) {
        return pages.editor();
    }

    @Bean
    RouterFunction<ServerResponse> regionRoute(RegionPages pages) {
        return pages.route();
    }

    /** PUBLIC_BASE_URL, or the origin of TELEGRAM_WEBHOOK_URL (Telegram already reaches the app there); else blank. */
    static String publicBaseUrl(ChatBridgeProperties properties) {
        String configured = properties.pages().publicBaseUrl().strip();
        if (!configured.isEmpty()) {
            return configured;
        }
        String webhook = properties.telegram().webhookUrl().strip();
        if (webhook.isEmpty()) {
            return "";
        }
        URI uri = URI.create(webhook);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
