package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.chat.ModelListSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** chatbridge.models.* binds from comma lists, and its default exclusions are the core's. */
class ModelsPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ChatBridgeProperties.class)
    static class Properties {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Properties.class);

    @Test
    void defaultsOfferEverythingButTheCoresNonChatModels() {
        runner.run(context -> assertThat(
                        context.getBean(ChatBridgeProperties.class).models().settings())
                .isEqualTo(ModelListSettings.defaults()));
    }

    @Test
    void bindsPatternsAndAliasesFromCommaLists() {
        runner.withPropertyValues(
                        "chatbridge.models.include=gpt-*, claude-*",
                        "chatbridge.models.exclude=*mini*",
                        "chatbridge.models.aliases=fast=gpt-4o-mini, Smart=claude-3-5-sonnet")
                .run(context -> {
                    var settings =
                            context.getBean(ChatBridgeProperties.class).models().settings();
                    assertThat(settings.include()).containsExactly("gpt-*", "claude-*");
                    assertThat(settings.exclude()).containsExactly("*mini*");
                    assertThat(settings.aliases())
                            .isEqualTo(Map.of("fast", "gpt-4o-mini", "smart", "claude-3-5-sonnet"));
                    assertThat(settings.offers("gpt-4o")).isTrue();
                    assertThat(settings.offers("gpt-4o-mini")).isFalse();
                    assertThat(settings.offers("deepseek-chat")).isFalse();
                });
    }
}
