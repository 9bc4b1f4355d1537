package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.OutboundProxies.Settings;
import dev.chatbridge.testsupport.common.HttpConnectProxy;
import dev.chatbridge.testsupport.common.Socks5Proxy;
import org.junit.jupiter.api.Test;

/**
 * JDA's REST client and its gateway websocket through {@code DISCORD_PROXY}. The fake Discord answers as {@code
 * discord.api.test} and {@code gateway.discord.test}, names only the proxy resolves: a connection around the proxy
 * could not even log in.
 */
class DiscordProxyIT {

    @Test
    void restAndTheGatewayWebsocketGoThroughDiscordProxyWithCredentials() throws Exception {
        try (HttpConnectProxy proxy = new HttpConnectProxy();
                Socks5Proxy general = new Socks5Proxy()) {
            proxy.requireCredentials("dc", "s3cret");
            try (DiscordTestBot t = DiscordTestBot.start(new DiscordTestBot.Options()
                    .discordThrough("discord.api.test", "gateway.discord.test", fake -> {
                        proxy.route("discord.api.test", fake.apiUrl());
                        proxy.route("gateway.discord.test", fake.gatewayUrl());
                        // DISCORD_PROXY replaces the general (SOCKS) proxy for Discord.
                        return OutboundProxies.of(
                                new Settings("", "", general.url(), "", "", proxy.url("dc", "s3cret"), ""));
                    }))) {
                String alice = t.discord.user("alice");
                t.discord.userDms(alice, "hello through the proxy");
                String dm = t.discord.dmChannelOf(alice);
                t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 1, "the answer");

                assertThat(t.discord.botMessages(dm).getFirst().content()).contains("hello through the proxy");
                assertThat(proxy.tunnelsTo("gateway.discord.test")).isGreaterThanOrEqualTo(1);
                assertThat(proxy.tunnelsTo("discord.api.test")).isGreaterThanOrEqualTo(1);
                assertThat(general.tunnels()).isZero();
            }
        }
    }
}
