package dev.chatbridge.app;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** The Discord adapter runs when {@code DISCORD_BOT_TOKEN} has text (see {@link TelegramTokenCondition}). */
class DiscordTokenCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty("chatbridge.discord.bot-token"));
    }
}
