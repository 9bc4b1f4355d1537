package dev.chatbridge.core.net;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One outbound proxy as operators write it: {@code http://[user:pass@]host:port} (HTTP CONNECT), {@code
 * socks5://[user:pass@]host:port} or {@code socks5h://…} (the proxy resolves the target's name either way), or
 * {@code host:port} (HTTP, as curl reads it). toString never shows the password.
 */
public record ProxyAddress(
        Kind kind,
        String host,
        int port,
        @Nullable String user,
        @Nullable String password) {

    public enum Kind {
        HTTP,
        SOCKS5
    }

    public ProxyAddress {
        if (host.isBlank()) {
            throw new IllegalArgumentException("a proxy needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the proxy port " + port + " is not a port");
        }
    }

    /** Parses a proxy URL; the message of a failure never repeats the credentials. */
    public static ProxyAddress parse(String url) {
        String text = url.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the proxy URL is malformed: " + Redact.userInfo(text));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Kind kind = switch (scheme) {
            case "http" -> Kind.HTTP;
            case "socks5", "socks5h", "socks" -> Kind.SOCKS5;
            default ->
                throw new IllegalArgumentException(
                        "proxy scheme " + scheme + ":// is not supported; use http:// (HTTP CONNECT) or socks5://");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the proxy URL has no host: " + Redact.userInfo(text));
        }
        int port = uri.getPort() != -1 ? uri.getPort() : kind == Kind.HTTP ? 80 : 1080;
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        return new ProxyAddress(kind, uri.getHost(), port, user, password);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public boolean hasCredentials() {
        return user != null;
    }

    /** For java.net and OkHttp; unresolved, so the proxy's own name is looked up when connecting, not at start. */
    public Proxy toProxy() {
        return new Proxy(
                kind == Kind.HTTP ? Proxy.Type.HTTP : Proxy.Type.SOCKS, InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public String toString() {
        return (kind == Kind.HTTP ? "http://" : "socks5://") + (user == null ? "" : user + ":<redacted>@") + host + ":"
                + port;
    }

    /** Hides user info in URLs quoted in error messages. */
    static final class Redact {
        private Redact() {}

        static String userInfo(String url) {
            return url.replaceAll("//[^/@]*@", "//<redacted>@");
        }
    }
}
