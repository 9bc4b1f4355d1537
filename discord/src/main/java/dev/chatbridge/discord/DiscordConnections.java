package dev.chatbridge.discord;

import com.neovisionaries.ws.client.WebSocketFactory;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.net.ProxyAddress;
import java.net.URI;
import net.dv8tion.jda.api.utils.FileProxy;
import okhttp3.OkHttpClient;

/**
 * JDA's two connections to Discord through {@code DISCORD_PROXY} or the general proxies: REST (and attachment
 * downloads) on OkHttp, the gateway on nv-websocket-client. That websocket client tunnels through HTTP proxies only,
 * so a SOCKS route for the gateway stops the start with a way out rather than connecting around the proxy.
 */
record DiscordConnections(OkHttpClient.Builder rest, WebSocketFactory gateway) {

    static DiscordConnections of(DiscordSettings settings, OutboundProxies proxies) {
        OkHttpClient.Builder rest = proxies.configure(new OkHttpClient.Builder(), OutboundProxies.Target.DISCORD);
        // Attachments (cdn.discordapp.com) are downloaded through JDA's shared FileProxy client.
        FileProxy.setDefaultHttpClient(rest.build());
        WebSocketFactory gateway = new WebSocketFactory();
        proxies.route(OutboundProxies.Target.DISCORD, URI.create(settings.gatewayUrl()))
                .ifPresent(proxy -> {
                    if (proxy.kind() != ProxyAddress.Kind.HTTP) {
                        throw new IllegalStateException("Discord's gateway would go through the SOCKS proxy " + proxy
                                + ", but JDA's websocket client supports HTTP proxies only: set DISCORD_PROXY to an"
                                + " http:// proxy (or add the gateway's host to NO_PROXY)");
                    }
                    gateway.getProxySettings().setHost(proxy.host()).setPort(proxy.port());
                    if (proxy.hasCredentials()) {
                        gateway.getProxySettings().setCredentials(proxy.user(), proxy.password());
                    }
                });
        return new DiscordConnections(rest, gateway);
    }
}
