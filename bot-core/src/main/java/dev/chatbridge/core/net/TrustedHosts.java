package dev.chatbridge.core.net;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * Hosts whose URLs are fetched without the address check: the operator's own services (gateway,
 * Midjourney proxy), which in a cluster often live on private addresses, and whatever the operator
 * lists. An entry is {@code host} (any port) or {@code host:port}; {@code *.example.com} also
 * matches every subdomain.
 */
public final class TrustedHosts {

    private final Set<String> entries;

    private TrustedHosts(Set<String> entries) {
        this.entries = entries;
    }

    public static TrustedHosts none() {
        return new TrustedHosts(Set.of());
    }

    /** Entries as written by the operator; full URLs (e.g. a base URL) are reduced to their host and port. */
    public static TrustedHosts of(Collection<String> entries) {
        return new TrustedHosts(entries.stream()
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(TrustedHosts::normalize)
                .collect(Collectors.toUnmodifiableSet()));
    }

    public TrustedHosts and(TrustedHosts other) {
        return new TrustedHosts(java.util.stream.Stream.concat(entries.stream(), other.entries.stream())
                .collect(Collectors.toUnmodifiableSet()));
    }

    public boolean trusts(HttpUrl url) {
        String host = url.host().toLowerCase(Locale.ROOT);
        if (entries.contains(host) || entries.contains(host + ":" + url.port())) {
            return true;
        }
        for (String entry : entries) {
            if (entry.startsWith("*.") && host.endsWith(entry.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** A full URL trusts exactly its origin's host and port; a bare host any port unless one is given. */
    private static String normalize(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        if (lower.startsWith("*.")) {
            return lower;
        }
        if (lower.contains("://")) {
            HttpUrl url = HttpUrl.parse(lower);
            return url == null ? lower : url.host() + ":" + url.port();
        }
        HttpUrl url = HttpUrl.parse("http://" + lower);
        if (url == null) {
            return lower;
        }
        return lower.matches(".*:\\d+$") ? url.host() + ":" + url.port() : url.host();
    }

    @Override
    public String toString() {
        return "TrustedHosts" + entries;
    }
}
