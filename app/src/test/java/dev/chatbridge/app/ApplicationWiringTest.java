package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.pipeline.BotEngine;
import dev.chatbridge.discord.DiscordBot;
import dev.chatbridge.discord.DiscordSettings;
import dev.chatbridge.telegram.TelegramBot;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Which adapters start, depending on the tokens set. */
class ApplicationWiringTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ChatBridgeProperties.class)
    @Import({TelegramConfiguration.class, DiscordConfiguration.class})
    static class TelegramOnly {
        @org.springframework.context.annotation.Bean
        dev.chatbridge.core.net.OutboundProxies outboundProxies() {
            return dev.chatbridge.core.net.OutboundProxies.direct();
        }

        @org.springframework.context.annotation.Bean
        ChatBridgeCore core() {
            ChatBridgeCore core = org.mockito.Mockito.mock(ChatBridgeCore.class);
            BotEngine engine = org.mockito.Mockito.mock(BotEngine.class);
            org.mockito.Mockito.when(engine.attachments()).thenReturn(new AttachmentDirectory());
            org.mockito.Mockito.when(core.engine()).thenReturn(engine);
            org.mockito.Mockito.when(core.channels()).thenReturn(new ChannelDirectory());
            org.mockito.Mockito.when(core.models())
                    .thenReturn(org.mockito.Mockito.mock(dev.chatbridge.core.chat.ModelCatalog.class));
            return core;
        }
    }

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(TelegramOnly.class);

    @Test
    void startsNoTelegramAdapterWithoutAToken() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TelegramBot.class));
    }

    @Test
    void startsNoTelegramAdapterForAnEmptyToken() {
        runner.withPropertyValues("chatbridge.telegram.bot-token=")
                .run(context -> assertThat(context).doesNotHaveBean(TelegramBot.class));
    }

    @Test
    void createsTheTelegramAdapterWhenATokenIsSet() {
        try (var telegram = new dev.chatbridge.testsupport.telegram.FakeTelegramBotApi("1:abc")) {
            runner.withPropertyValues(
                            "chatbridge.telegram.bot-token=1:abc",
                            "chatbridge.telegram.api-url=" + telegram.baseUrl(),
                            "chatbridge.telegram.poll-timeout=1s")
                    .run(context -> {
                        assertThat(context).hasSingleBean(TelegramBot.class);
                        assertThat(telegram.calls("getMe")).hasSize(1);
                    });
        }
    }

    @Test
    void startsNoDiscordAdapterWithoutAToken() {
        runner.withPropertyValues("chatbridge.discord.bot-token=")
                .run(context -> assertThat(context).doesNotHaveBean(DiscordBot.class));
    }

    @Test
    void createsTheDiscordAdapterWhenATokenIsSetAndSplitsShardsByPod() {
        try (var discord = new dev.chatbridge.testsupport.discord.FakeDiscord("discord-token")) {
            runner.withPropertyValues(
                            "chatbridge.discord.bot-token=discord-token",
                            "chatbridge.discord.api-url=" + discord.apiUrl(),
                            "chatbridge.discord.gateway-url=" + discord.gatewayUrl(),
                            "chatbridge.discord.shard.total=4",
                            "chatbridge.discord.shard.replicas=2",
                            "chatbridge.discord.shard.podname=chatbridge-1")
                    .run(context -> {
                        assertThat(context).hasSingleBean(DiscordBot.class).doesNotHaveBean(TelegramBot.class);
                        assertThat(context.getBean(DiscordSettings.class).shardIds())
                                .containsExactly(1, 3);
                        assertThat(context.getBean(DiscordSettings.class).toString())
                                .doesNotContain("discord-token");
                        discord.awaitSessions(1, java.time.Duration.ofSeconds(20));
                        assertThat(discord.gatewayFrames(2))
                                .isNotEmpty()
                                .allSatisfy(identify -> assertThat(
                                                identify.path("shard").get(1).asInt())
                                        .isEqualTo(4));
                        // Up only once both of this pod's shards are connected (JDA starts them 5 s apart).
                        var health = context.getBean(
                                "discordHealthIndicator",
                                org.springframework.boot.health.contributor.HealthIndicator.class);
                        discord.await(
                                () -> health.health()
                                        .getStatus()
                                        .equals(org.springframework.boot.health.contributor.Status.UP),
                                java.time.Duration.ofSeconds(20),
                                "both shards connected");
                        assertThat(health.health().getDetails())
                                .containsEntry("connection", "shard 1 CONNECTED, shard 3 CONNECTED");
                    });
        }
    }

    @Test
    void neverPrintsSecretsInSettings() {
        var properties = new ChatBridgeProperties(
                new ChatBridgeProperties.Gateway(
                        "https://gw", "sk-secret", java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1)),
                null,
                new ChatBridgeProperties.Telegram(
                        "123:SECRET",
                        "https://api.telegram.org",
                        dev.chatbridge.telegram.TelegramSettings.StreamingMode.DRAFT,
                        java.time.Duration.ofSeconds(1),
                        java.time.Duration.ofSeconds(3),
                        java.time.Duration.ofSeconds(50),
                        java.time.Duration.ofSeconds(1),
                        "https://bot/telegram",
                        "webhook-secret-xyz",
                        false),
                null,
                new ChatBridgeProperties.Redis(
                        "redis://:hunter2@db:6379/0", java.nio.file.Path.of("data"), java.time.Duration.ofSeconds(3)),
                new ChatBridgeProperties.Midjourney(
                        "https://mj",
                        "mj-key-secret",
                        dev.chatbridge.core.upstream.midjourney.MidjourneySettings.Dialect.AUTO,
                        "https://bot",
                        "hook-secret",
                        java.time.Duration.ofMillis(500),
                        java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofMinutes(10)),
                new ChatBridgeProperties.Shutdown(java.time.Duration.ofSeconds(30)),
                new ChatBridgeProperties.Discord(
                        "discord-SECRET-token",
                        "https://discord.com/api/v10",
                        "wss://gateway.discord.gg",
                        new ChatBridgeProperties.Discord.Shard(1, java.util.List.of(), 0, ""),
                        java.util.List.of(),
                        java.util.Set.of(),
                        java.util.Set.of(),
                        java.time.Duration.ofSeconds(1),
                        true,
                        500),
                null,
                null,
                null,
                new ChatBridgeProperties.Proxy(
                        "http://alice:proxy-pass-1@p:3128",
                        "",
                        "socks5://bob:proxy-pass-2@s:1080",
                        "localhost",
                        "http://tg:proxy-pass-3@t:8080",
                        "",
                        ""),
                null,
                null);
        assertThat(properties.toString())
                .doesNotContain(
                        "sk-secret",
                        "SECRET",
                        "hunter2",
                        "mj-key-secret",
                        "hook-secret",
                        "webhook-secret-xyz",
                        "proxy-pass-1",
                        "proxy-pass-2",
                        "proxy-pass-3")
                .contains("http://<redacted>@p:3128");
    }
}
