package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.telegram.TelegramBot;
import dev.chatbridge.telegram.TelegramSettings;
import dev.chatbridge.telegram.TelegramWebhook;
import java.util.Optional;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/** The Telegram adapter, when {@code TELEGRAM_BOT_TOKEN} is set: long polling, or a webhook with {@code TELEGRAM_WEBHOOK_URL}. */
@Configuration(proxyBeanMethods = false)
@Conditional(TelegramTokenCondition.class)
class TelegramConfiguration {

    @Bean
    TelegramSettings telegramSettings(ChatBridgeProperties properties) {
        var telegram = properties.telegram();
        return new TelegramSettings(
                telegram.botToken(),
                telegram.apiUrl(),
                telegram.streaming(),
                telegram.privateChatInterval(),
                telegram.groupChatInterval(),
                telegram.pollTimeout(),
                telegram.albumWait());
    }

    @Bean(destroyMethod = "close")
    TelegramBot telegramBot(TelegramSettings settings, ChatBridgeCore core, OutboundProxies proxies) {
        return new TelegramBot(settings, core.engine(), core.channels(), proxies);
    }

    /** {@code telegram} in /actuator/health: down while the Bot API cannot be reached at start or polling fails. */
    @Bean
    HealthIndicator telegramHealthIndicator(TelegramBot bot, AdapterLifecycle telegramLifecycle) {
        return HealthConfiguration.platformHealth(telegramLifecycle, bot.connection());
    }

    /** Serves Telegram's POSTs at the webhook URL's path (the chart's Ingress routes that path here). */
    @Bean
    RouterFunction<ServerResponse> telegramWebhookRoute(TelegramBot bot, ChatBridgeProperties properties) {
        return TelegramWebhookEndpoint.route(bot, webhook(properties));
    }

    /**
     * Starts polling or registers the webhook once the whole context is up (trying again in the background while
     * the Bot API cannot be reached). On shutdown it only stops receiving: the core still delivers the answers in
     * flight until the bean is destroyed.
     */
    @Bean
    AdapterLifecycle telegramLifecycle(TelegramBot bot, ChatBridgeProperties properties, ApplicationContext context) {
        Optional<TelegramWebhook> webhook = webhook(properties);
        return new AdapterLifecycle(
                "Telegram",
                () -> {
                    if (webhook.isPresent()) {
                        bot.startWebhook(webhook.get());
                    } else {
                        bot.start();
                    }
                },
                bot::stopReceiving,
                AdapterLifecycle.exitApplication(context));
    }

    /** Webhook mode when TELEGRAM_WEBHOOK_URL is set; the record refuses a missing or malformed secret. */
    private static Optional<TelegramWebhook> webhook(ChatBridgeProperties properties) {
        var telegram = properties.telegram();
        if (!StringUtils.hasText(telegram.webhookUrl())) {
            return Optional.empty();
        }
        return Optional.of(new TelegramWebhook(
                telegram.webhookUrl().strip(), telegram.webhookSecret().strip(), telegram.dropPendingUpdates()));
    }
}
