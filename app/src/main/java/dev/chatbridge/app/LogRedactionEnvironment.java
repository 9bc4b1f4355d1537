package dev.chatbridge.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Before logging starts, learns the secrets this instance is configured with, so that both log
 * formats mask them (see {@link Redaction}), and publishes the masking expression as
 * {@code chatbridge.logging.redact-regex} for the console pattern. Runs after the configuration
 * files are read, because they map the contract's variables (MJ_API_KEY, ...) onto these names.
 */
public class LogRedactionEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String REGEX_PROPERTY = "chatbridge.logging.redact-regex";

    private static final List<String> SECRETS = List.of(
            "chatbridge.telegram.bot-token",
            "chatbridge.telegram.webhook-secret",
            "chatbridge.discord.bot-token",
            "chatbridge.openai.api-key",
            "chatbridge.mj.api-key",
            "chatbridge.mj.notify-secret");
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^:/@]*:([^@/]+)@");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        List<String> values = new ArrayList<>();
        for (String name : SECRETS) {
            binder.bind(name, String.class).ifBound(values::add);
        }
        binder.bind("chatbridge.redis.url", String.class).ifBound(url -> {
            Matcher password = URL_PASSWORD.matcher(url);
            if (password.find()) {
                values.add(password.group(1));
            }
        });
        // Header values of the operator's HTTP tools are credentials as a rule (API keys).
        binder.bind("chatbridge.features.tools.http", Bindable.listOf(ChatFeaturesProperties.HttpTool.class))
                .ifBound(tools -> tools.forEach(tool -> {
                    if (tool.headers() != null) {
                        values.addAll(tool.headers().values());
                    }
                }));
        Redaction.remember(values);
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("chatbridgeLogRedaction", Map.of(REGEX_PROPERTY, Redaction.regex())));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
