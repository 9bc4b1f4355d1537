package dev.chatbridge.app;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The Telegram adapter runs when {@code TELEGRAM_BOT_TOKEN} has text. {@code @ConditionalOnProperty}
 * would also match the empty string that {@code ${TELEGRAM_BOT_TOKEN:}} yields.
 */
class TelegramTokenCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty("chatbridge.telegram.bot-token"));
    }
}
