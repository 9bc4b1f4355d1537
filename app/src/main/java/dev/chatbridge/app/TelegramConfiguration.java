package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.telegram.TelegramBot;
import dev.chatbridge.telegram.TelegramSettings;
import dev.chatbridge.telegram.TelegramWebhook;
import java.util.Optional;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The Telegram adapter, when {@code TELEGRAM_BOT_TOKEN} has text (an empty {@code ${TELEGRAM_BOT_TOKEN:}} does not
 * count): long polling, or a webhook with {@code TELEGRAM_WEBHOOK_URL}.
 *
 * <p>A {@link BeanRegistrar} instead of a {@code @Conditional} configuration: with Spring AOT ({@code
 * -Dspring.aot.enabled=true} in {@code app/jvm.options}) conditions are decided once, when the jar is built, while the
 * token is only known when the bot starts. Spring AOT calls a registrar at run time. Public for the generated code.
 */
public final class TelegramConfiguration implements BeanRegistrar {

    @Override
    public void register(BeanRegistry registry, Environment env) {
        if (!StringUtils.hasText(env.getProperty("chatbridge.telegram.bot-token"))) {
            return;
        }
        registry.registerBean(
                "telegramSettings",
                TelegramSettings.class,
                spec -> spec.supplier(context -> settings(context.bean(ChatBridgeProperties.class))));
        // Closed (AutoCloseable) on context close, after the core drained its answers, which still need the Bot API.
        registry.registerBean(
                "telegramBot",
                TelegramBot.class,
                spec -> spec.supplier(context -> {
                    ChatBridgeCore core = context.bean(ChatBridgeCore.class);
                    return new TelegramBot(
                            context.bean(TelegramSettings.class),
                            core.engine(),
                            core.channels(),
                            context.bean(OutboundProxies.class));
                }));
        // telegram in /actuator/health: down while the Bot API cannot be reached at start or polling fails.
        registry.registerBean(
                "telegramHealthIndicator",
                HealthIndicator.class,
                spec -> spec.supplier(context -> HealthConfiguration.platformHealth(
                        context.bean("telegramLifecycle", AdapterLifecycle.class),
                        context.bean(TelegramBot.class).connection())));
        // Serves Telegram's POSTs at the webhook URL's path (the chart's Ingress routes that path here).
        registry.registerBean(
                "telegramWebhookRoute",
                new ParameterizedTypeReference<RouterFunction<ServerResponse>>() {},
                spec -> spec.supplier(context -> TelegramWebhookEndpoint.route(
                        context.bean(TelegramBot.class), webhook(context.bean(ChatBridgeProperties.class)))));
        // Starts polling or registers the webhook once the whole context is up (trying again in the background while
        // the Bot API cannot be reached). On shutdown it only stops receiving: the core still delivers the answers in
        // flight until the bot is closed.
        registry.registerBean(
                "telegramLifecycle",
                AdapterLifecycle.class,
                spec -> spec.supplier(context -> {
                    TelegramBot bot = context.bean(TelegramBot.class);
                    Optional<TelegramWebhook> webhook = webhook(context.bean(ChatBridgeProperties.class));
                    return new AdapterLifecycle(
                            "Telegram",
                            () -> {
                                if (webhook.isPresent()) {
                                    bot.startWebhook(webhook.get());
                                } else {
                                    bot.start();
                                }
                            },
                            bot::stopReceiving);
                }));
    }

    private static TelegramSettings settings(ChatBridgeProperties properties) {
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
