package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.upstream.openai.ImagesSettings;
import dev.chatbridge.core.upstream.openai.SpringAiChatUpstream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** chatbridge.features.* binds with its defaults, and operator HTTP tools arrive in the core's settings. */
class ChatFeaturesPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ChatFeaturesProperties.class)
    static class Features {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Features.class);
    private final SpringAiChatUpstream.GatewaySettings gateway =
            new SpringAiChatUpstream.GatewaySettings("https://gw.example", "sk-key", "gpt-4o", Duration.ofMinutes(1));

    @Test
    void defaultsLeaveTheVisionModelToTheChatModelAndDetectTheImagesRoute() {
        runner.run(context -> {
            var features = CoreConfiguration.chatFeatures(gateway, context.getBean(ChatFeaturesProperties.class));
            assertThat(features.vision().visionModel()).isNull();
            assertThat(features.vision().maxImageBytes()).isEqualTo(10L * 1024 * 1024);
            assertThat(features.images().route()).isEqualTo(ImagesSettings.Route.AUTO);
            assertThat(features.images().baseUrl()).isEqualTo("https://gw.example");
            assertThat(features.maxToolRounds()).isEqualTo(5);
            assertThat(features.httpTools()).isEmpty();
            assertThat(features.voice().model()).isEqualTo("whisper-1");
            assertThat(features.voice().maxBytes()).isEqualTo(25L * 1024 * 1024);
            assertThat(features.voice().maxDuration()).isEqualTo(Duration.ofMinutes(10));
        });
    }

    @Test
    void bindsTheTranscriptionModelAndCaps() {
        runner.withPropertyValues(
                        "chatbridge.features.voice.model=whisper-large-v3",
                        "chatbridge.features.voice.max-file-size=5MB",
                        "chatbridge.features.voice.max-duration=90s")
                .run(context -> {
                    var voice = CoreConfiguration.chatFeatures(gateway, context.getBean(ChatFeaturesProperties.class))
                            .voice();
                    assertThat(voice.model()).isEqualTo("whisper-large-v3");
                    assertThat(voice.maxBytes()).isEqualTo(5L * 1024 * 1024);
                    assertThat(voice.maxDuration()).isEqualTo(Duration.ofSeconds(90));
                });
    }

    @Test
    void bindsTheVisionModelAndHttpTools() {
        runner.withPropertyValues(
                        "chatbridge.features.vision.model=gpt-4o-vision",
                        "chatbridge.features.tools.http[0].name=weather",
                        "chatbridge.features.tools.http[0].description=Weather by city",
                        "chatbridge.features.tools.http[0].url=https://weather.example/now",
                        "chatbridge.features.tools.http[0].method=get",
                        "chatbridge.features.tools.http[0].headers.X-Key=secret-value")
                .run(context -> {
                    var features =
                            CoreConfiguration.chatFeatures(gateway, context.getBean(ChatFeaturesProperties.class));
                    assertThat(features.vision().visionModel()).isEqualTo("gpt-4o-vision");
                    var tool = features.httpTools().getFirst();
                    assertThat(tool.name()).isEqualTo("weather");
                    assertThat(tool.method()).isEqualTo("GET");
                    assertThat(tool.timeout()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(tool.headers()).containsEntry("X-Key", "secret-value");
                    assertThat(tool.toString()).doesNotContain("secret-value");
                    assertThat(context.getBean(ChatFeaturesProperties.class).toString())
                            .doesNotContain("secret-value");
                });
    }
}
