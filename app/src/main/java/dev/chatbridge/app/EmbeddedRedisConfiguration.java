package dev.chatbridge.app;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The embedded redis-server, only when no {@code REDIS_URL} is configured. A {@link BeanRegistrar} decided at run time,
 * as {@link TelegramConfiguration} explains; stopped (AutoCloseable) when the context closes, after the connections.
 */
public final class EmbeddedRedisConfiguration implements BeanRegistrar {

    @Override
    public void register(BeanRegistry registry, Environment env) {
        if (StringUtils.hasText(env.getProperty("chatbridge.redis.url"))) {
            return;
        }
        registry.registerBean(
                "embeddedRedis",
                EmbeddedRedis.class,
                spec -> spec.supplier(context -> new EmbeddedRedis(
                        context.bean(ChatBridgeProperties.class).redis().embeddedDataDir())));
    }
}
