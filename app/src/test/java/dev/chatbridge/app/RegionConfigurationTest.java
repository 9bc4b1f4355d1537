package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.app.region.RegionPages;
import dev.chatbridge.app.region.RegionSubmissions;
import dev.chatbridge.core.imagine.RegionEditor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class RegionConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ChatBridgeProperties.class)
    static class Properties {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Properties.class);

    private String publicBaseUrl(String... properties) {
        String[] url = new String[1];
        runner.withPropertyValues(properties)
                .run(context ->
                        url[0] = RegionConfiguration.publicBaseUrl(context.getBean(ChatBridgeProperties.class)));
        return url[0];
    }

    @Test
    void thePublicBaseUrlIsPublicBaseUrlElseTheTelegramWebhooksOriginElseNone() {
        assertThat(publicBaseUrl("chatbridge.pages.public-base-url=https://pages.example.com"))
                .isEqualTo("https://pages.example.com");
        assertThat(publicBaseUrl("chatbridge.telegram.webhook-url=https://bot.example.com:8443/telegram/hook"))
                .isEqualTo("https://bot.example.com:8443");
        assertThat(publicBaseUrl()).isEmpty();
    }

    @Test
    void withoutAPublicBaseUrlThereAreNoLinks() {
        RegionEditor editor = RegionPages.create(
                        new RegionPages.Settings("", java.time.Duration.ofMinutes(30), "1:t", ""),
                        new org.springframework.data.redis.core.StringRedisTemplate(),
                        new dev.chatbridge.core.upstream.midjourney.MidjourneyClient(
                                new dev.chatbridge.core.upstream.midjourney.MidjourneySettings(
                                        "http://127.0.0.1:1",
                                        "",
                                        dev.chatbridge.core.upstream.midjourney.MidjourneySettings.Dialect.AUTO,
                                        java.time.Duration.ofSeconds(1))),
                        (taskId, userId, prompt, mask) -> RegionSubmissions.Outcome.SUBMITTED,
                        java.time.Clock.systemUTC())
                .editor();

        assertThat(editor.open(new RegionEditor.RegionRequest("1", "tg", "1", "1", "https://cdn/x.png", "a fox")))
                .isEmpty();
    }
}
