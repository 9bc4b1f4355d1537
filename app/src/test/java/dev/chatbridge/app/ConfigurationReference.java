package dev.chatbridge.app;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.support.SpringApplicationJsonEnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

/**
 * What the application can be configured with, read from the sources themselves: every
 * {@code chatbridge.*} property of the {@code @ConfigurationProperties} records with its
 * {@code @DefaultValue}, and the environment variables that {@code application.yaml} maps onto
 * properties. The configuration docs and the deployment files are checked against this.
 */
final class ConfigurationReference {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Path APPLICATION_YAML = REPOSITORY.resolve("app/src/main/resources/application.yaml");

    /**
     * The contract's environment variables (shared/DESIGN.md: the names are fixed). Some are not
     * read by the application yet; the deployment files pass them all.
     */
    static final List<String> CONTRACT = List.of(
            "TELEGRAM_BOT_TOKEN",
            "TELEGRAM_API_URL",
            "TELEGRAM_WEBHOOK_URL",
            "TELEGRAM_WEBHOOK_SECRET",
            "DISCORD_BOT_TOKEN",
            "DISCORD_API_URL",
            "DISCORD_GATEWAY_URL",
            "OPENAI_BASE_URL",
            "OPENAI_API_KEY",
            "CHAT_MODEL",
            "MJ_BASE_URL",
            "MJ_API_KEY",
            "REDIS_URL",
            "BOT_ALLOWED_USERS",
            "BOT_ADMINS",
            "BOT_ALLOWED_CHATS",
            "VISION_MODEL",
            "TRANSCRIBE_MODEL",
            "HTTPS_PROXY",
            "HTTP_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "TELEGRAM_PROXY",
            "DISCORD_PROXY",
            "OPENAI_PROXY",
            "PUBLIC_BASE_URL",
            "SERVER_PORT");

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z0-9_]+):(.*)}$");

    private ConfigurationReference() {}

    /** A property of a configuration record; {@code defaultValue} is null when it has none (required). */
    record Property(String name, Type type, @Nullable String defaultValue) {}

    /** {@code property: ${ENV:default}} in application.yaml. */
    record Placeholder(String property, String env, String defaultValue) {}

    /** Every leaf property of the configuration records, list elements written as {@code [i]}. */
    static List<Property> properties() {
        List<Property> properties = new ArrayList<>();
        walk("chatbridge", ChatBridgeProperties.class, properties);
        walk("chatbridge.features", ChatFeaturesProperties.class, properties);
        return properties;
    }

    private static void walk(String prefix, Class<?> record, List<Property> into) {
        RecordComponent[] components = record.getRecordComponents();
        // @DefaultValue sits on the canonical constructor's parameters.
        java.lang.reflect.Parameter[] parameters;
        try {
            parameters = record.getDeclaredConstructor(java.util.Arrays.stream(components)
                            .map(RecordComponent::getType)
                            .toArray(Class<?>[]::new))
                    .getParameters();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        for (int index = 0; index < components.length; index++) {
            RecordComponent component = components[index];
            // @Name gives a property a name that is no Java identifier (temperature.default).
            Name named = parameters[index].getAnnotation(Name.class);
            String name = prefix + "." + (named != null ? named.value() : kebab(component.getName()));
            Class<?> type = component.getType();
            if (type.isRecord()) {
                walk(name, type, into);
                continue;
            }
            if (List.class.isAssignableFrom(type)
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element
                    && element.isRecord()) {
                walk(name + "[i]", element, into);
                continue;
            }
            DefaultValue defaultValue = parameters[index].getAnnotation(DefaultValue.class);
            into.add(new Property(
                    name,
                    component.getGenericType(),
                    defaultValue == null ? null : String.join(",", defaultValue.value())));
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The relaxed-binding environment name of a property ({@code chatbridge.limits.daily-tokens} → {@code CHATBRIDGE_LIMITS_DAILYTOKENS}). */
    static String environmentName(String property) {
        return property.replace("-", "").replace("[i]", "_0").replace(".", "_").toUpperCase(Locale.ROOT);
    }

    /** Compares property names as Spring's relaxed binding does: no dashes, no case, any index. */
    static String canonical(String property) {
        return property.replace("-", "").replaceAll("\\[[0-9i]+]", "[i]").toLowerCase(Locale.ROOT);
    }

    /** The property a variable of the container's environment binds to (CHATBRIDGE_A_B → chatbridge.a.b). */
    static String propertyOfEnvironmentName(String env) {
        return env.toLowerCase(Locale.ROOT)
                .replaceAll("_([0-9]+)(_|$)", "[$1]$2")
                .replace("_", ".");
    }

    /** The {@code ${ENV:default}} placeholders of application.yaml, by property. */
    static List<Placeholder> applicationYamlPlaceholders() throws IOException {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", new Yaml().load(Files.readString(APPLICATION_YAML)), flat);
        List<Placeholder> placeholders = new ArrayList<>();
        flat.forEach((property, value) -> {
            Matcher matcher = PLACEHOLDER.matcher(String.valueOf(value));
            if (matcher.matches()) {
                placeholders.add(new Placeholder(property, matcher.group(1), matcher.group(2)));
            }
        });
        return placeholders;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Object> into) {
        if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map)
                    .forEach((key, value) -> flatten(prefix.isEmpty() ? key : prefix + "." + key, value, into));
        } else {
            into.put(prefix, node);
        }
    }

    /**
     * The environment the application would see with these variables: application.yaml below them,
     * as in the container, so that {@code ${ENV:default}} placeholders resolve.
     */
    static ConfigurableEnvironment environment(Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        // SPRING_APPLICATION_JSON (the chart's HTTP tools) becomes a property source, as at startup.
        new SpringApplicationJsonEnvironmentPostProcessor()
                .postProcessEnvironment(environment, new SpringApplication());
        for (PropertySource<?> yaml :
                new YamlPropertySourceLoader().load("application.yaml", new FileSystemResource(APPLICATION_YAML))) {
            sources.addLast(yaml);
        }
        return environment;
    }
}
