package dev.chatbridge.app;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.telegram.TelegramBot;
import dev.chatbridge.telegram.TelegramSettings;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The Telegram adapter, when {@code TELEGRAM_BOT_TOKEN} is set. */
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
                telegram.pollTimeout());
    }

    @Bean(destroyMethod = "close")
    TelegramBot telegramBot(TelegramSettings settings, ChatBridgeCore core) {
        return new TelegramBot(settings, core.engine(), core.channels());
    }

    /** {@code telegram} in /actuator/health: down while long polling fails. */
    @Bean
    HealthIndicator telegramHealthIndicator(TelegramBot bot) {
        return HealthConfiguration.platformHealth(bot.connection());
    }

    /** Starts polling once the whole context is up, and stops it first on shutdown. */
    @Bean
    SmartLifecycle telegramLifecycle(TelegramBot bot) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                try {
                    bot.start();
                } catch (Exception e) {
                    throw new IllegalStateException("Telegram did not accept the bot token or is unreachable: "
                            + e.getMessage(), e);
                }
                running = true;
            }

            @Override
            public void stop() {
                try {
                    bot.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    running = false;
                }
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return CoreConfiguration.ADAPTER_PHASE;
            }
        };
    }
}
