package dev.chatbridge.core.net;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * SOCKS5 credentials. The JDK's SOCKS client asks only the process-wide default {@link Authenticator} for them, so
 * this installs one (once) that answers for the configured SOCKS proxies and passes every other request to the
 * authenticator that was there before.
 */
final class SocksCredentials extends Authenticator {

    private static final Map<String, PasswordAuthentication> BY_PROXY = new ConcurrentHashMap<>();
    private static volatile boolean installed;

    private final @Nullable Authenticator previous;

    private SocksCredentials(@Nullable Authenticator previous) {
        this.previous = previous;
    }

    static void register(ProxyAddress proxy) {
        String password = proxy.password() == null ? "" : proxy.password();
        BY_PROXY.put(key(proxy.host(), proxy.port()), new PasswordAuthentication(proxy.user(), password.toCharArray()));
        install();
    }

    private static synchronized void install() {
        if (!installed) {
            Authenticator.setDefault(new SocksCredentials(Authenticator.getDefault()));
            installed = true;
        }
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    protected @Nullable PasswordAuthentication getPasswordAuthentication() {
        if ("SOCKS5".equals(getRequestingProtocol()) && getRequestingHost() != null) {
            PasswordAuthentication credentials = BY_PROXY.get(key(getRequestingHost(), getRequestingPort()));
            if (credentials != null) {
                return credentials;
            }
        }
        return previous == null
                ? null
                : previous.requestPasswordAuthenticationInstance(
                        getRequestingHost(),
                        getRequestingSite(),
                        getRequestingPort(),
                        getRequestingProtocol(),
                        getRequestingPrompt(),
                        getRequestingScheme(),
                        getRequestingURL(),
                        getRequestorType());
    }
}
