package dev.chatbridge.core.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Which proxy each outbound connection goes through, decided once for every client: {@code HTTPS_PROXY} for https
 * and wss targets, {@code HTTP_PROXY} for http and ws, {@code ALL_PROXY} where the matching one is unset, nothing for
 * hosts in {@code NO_PROXY}; a per-target proxy ({@code TELEGRAM_PROXY}, {@code DISCORD_PROXY}, {@code OPENAI_PROXY})
 * replaces all of them, {@code NO_PROXY} included, for its target. Clients take it as a {@link ProxySelector} or
 * {@link #configure(OkHttpClient.Builder, Target) an OkHttp setup}; HTTP proxy credentials go in a {@code
 * Proxy-Authorization: Basic} header, SOCKS5 credentials through {@link SocksCredentials} (the JDK asks the default
 * {@link java.net.Authenticator} for those).
 */
public final class OutboundProxies {

    /** Who a connection is for: each platform and the gateway may have their own proxy; the rest is GENERAL. */
    public enum Target {
        TELEGRAM,
        DISCORD,
        /** The OpenAI-compatible gateway (chat, models, images, transcription) and the Midjourney proxy. */
        OPENAI,
        /** Everything else: links users send, HTTP tools. */
        GENERAL
    }

    /** The contract's variables as written (blank = unset). toString hides credentials. */
    public record Settings(
            String httpsProxy,
            String httpProxy,
            String allProxy,
            String noProxy,
            String telegramProxy,
            String discordProxy,
            String openaiProxy) {

        public static Settings none() {
            return new Settings("", "", "", "", "", "", "");
        }

        @Override
        public String toString() {
            return "Settings[httpsProxy=" + redact(httpsProxy) + ", httpProxy=" + redact(httpProxy) + ", allProxy="
                    + redact(allProxy) + ", noProxy=" + noProxy + ", telegramProxy=" + redact(telegramProxy)
                    + ", discordProxy=" + redact(discordProxy) + ", openaiProxy=" + redact(openaiProxy) + "]";
        }

        private static String redact(String url) {
            return ProxyAddress.Redact.userInfo(url);
        }
    }

    private final @Nullable ProxyAddress https;
    private final @Nullable ProxyAddress http;
    private final @Nullable ProxyAddress all;
    private final NoProxy noProxy;
    private final Map<Target, ProxyAddress> overrides = new EnumMap<>(Target.class);

    private OutboundProxies(Settings settings) {
        this.https = parse("HTTPS_PROXY", settings.httpsProxy());
        this.http = parse("HTTP_PROXY", settings.httpProxy());
        this.all = parse("ALL_PROXY", settings.allProxy());
        this.noProxy = NoProxy.parse(settings.noProxy());
        put(Target.TELEGRAM, parse("TELEGRAM_PROXY", settings.telegramProxy()));
        put(Target.DISCORD, parse("DISCORD_PROXY", settings.discordProxy()));
        put(Target.OPENAI, parse("OPENAI_PROXY", settings.openaiProxy()));
        for (ProxyAddress proxy : proxies()) {
            if (proxy.kind() == ProxyAddress.Kind.SOCKS5 && proxy.hasCredentials()) {
                SocksCredentials.register(proxy);
            }
        }
    }

    /** Reads the settings; a malformed proxy URL fails here, with the variable's name and without its password. */
    public static OutboundProxies of(Settings settings) {
        return new OutboundProxies(settings);
    }

    /** Every connection goes direct. */
    public static OutboundProxies direct() {
        return new OutboundProxies(Settings.none());
    }

    private void put(Target target, @Nullable ProxyAddress proxy) {
        if (proxy != null) {
            overrides.put(target, proxy);
        }
    }

    private static @Nullable ProxyAddress parse(String variable, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ProxyAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
        }
    }

    /** The proxy a connection to {@code uri} for {@code target} goes through, or empty: direct. */
    public Optional<ProxyAddress> route(Target target, URI uri) {
        ProxyAddress override = overrides.get(target);
        if (override != null) {
            return Optional.of(override);
        }
        String host = uri.getHost();
        if (host == null) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        if (noProxy.matches(host, port)) {
            return Optional.empty();
        }
        ProxyAddress general = secure ? https : http;
        return Optional.ofNullable(general != null ? general : all);
    }

    /** {@link #route} for one URL, as a {@link Proxy} ({@link Proxy#NO_PROXY} when direct). */
    public Proxy proxy(Target target, URI uri) {
        return route(target, uri).map(ProxyAddress::toProxy).orElse(Proxy.NO_PROXY);
    }

    /** The routes of {@code target} for clients that take a selector. */
    public ProxySelector selector(Target target) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(proxy(target, uri));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
                // One proxy per route: there is nothing else to try.
            }
        };
    }

    /** Routes an OkHttp client's connections for {@code target} and answers HTTP proxies' 407 with their credentials. */
    public OkHttpClient.Builder configure(OkHttpClient.Builder builder, Target target) {
        return builder.proxySelector(selector(target)).proxyAuthenticator((route, response) -> {
            if (route == null) {
                return null;
            }
            ProxyAddress proxy = find(route.proxy());
            Request request = response.request();
            // Give up once the proxy refused the credentials we sent (OkHttp would ask again and again).
            boolean refused = response.code() == 407
                    && request.header("Proxy-Authorization") != null
                    && !"OkHttp-Preemptive".equals(response.header("Proxy-Authenticate"));
            if (proxy == null || !proxy.hasCredentials() || proxy.kind() != ProxyAddress.Kind.HTTP || refused) {
                return null;
            }
            return request.newBuilder()
                    .header("Proxy-Authorization", basic(proxy))
                    .build();
        });
    }

    /** The {@code Proxy-Authorization} value for an HTTP proxy with credentials. */
    public static String basic(ProxyAddress proxy) {
        return Credentials.basic(
                proxy.user() == null ? "" : proxy.user(), proxy.password() == null ? "" : proxy.password());
    }

    /** Whether {@code host} is one of the configured proxies (clients that pin DNS still look those up). */
    public boolean isProxyHost(String host) {
        return proxies().stream().anyMatch(proxy -> proxy.host().equalsIgnoreCase(host));
    }

    private @Nullable ProxyAddress find(Proxy proxy) {
        if (!(proxy.address() instanceof InetSocketAddress address)) {
            return null;
        }
        return proxies().stream()
                .filter(candidate -> candidate.host().equalsIgnoreCase(address.getHostString())
                        && candidate.port() == address.getPort())
                .findFirst()
                .orElse(null);
    }

    private List<ProxyAddress> proxies() {
        List<ProxyAddress> proxies = new ArrayList<>(overrides.values());
        for (ProxyAddress general : new ProxyAddress[] {https, http, all}) {
            if (general != null) {
                proxies.add(general);
            }
        }
        return proxies;
    }

    @Override
    public String toString() {
        return "OutboundProxies[https=" + https + ", http=" + http + ", all=" + all + ", noProxy="
                + noProxy.entries().size() + (noProxy.everything() ? " (*)" : "") + " entries, overrides=" + overrides
                + "]";
    }
}
