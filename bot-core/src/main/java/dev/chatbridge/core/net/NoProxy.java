package dev.chatbridge.core.net;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code NO_PROXY} as curl and most tools read it: a comma (or space) list of host names, IP addresses and domains,
 * each optionally with {@code :port}. An entry matches the host itself and every subdomain ({@code example.com},
 * {@code .example.com} and {@code *.example.com} all match {@code api.example.com}); {@code *} alone matches every
 * host. CIDR ranges are not understood.
 */
record NoProxy(boolean everything, List<Entry> entries) {

    record Entry(String domain, int port) {}

    static NoProxy parse(String value) {
        List<String> parts = Arrays.stream(value.split("[,\\s]+"))
                .map(String::strip)
                .filter(part -> !part.isEmpty())
                .toList();
        boolean everything = parts.contains("*");
        List<Entry> entries = parts.stream()
                .filter(part -> !part.equals("*"))
                .map(NoProxy::entry)
                .toList();
        return new NoProxy(everything, entries);
    }

    private static Entry entry(String part) {
        String text = part.toLowerCase(Locale.ROOT);
        int port = -1;
        // host:port, but not a bare IPv6 address; [v6]:port is accepted.
        int colon = text.lastIndexOf(':');
        if (colon > 0 && text.indexOf(':') == colon || text.startsWith("[") && text.contains("]:")) {
            try {
                port = Integer.parseInt(text.substring(colon + 1));
                text = text.substring(0, colon);
            } catch (NumberFormatException e) {
                // not a port: keep the whole entry
            }
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.startsWith("*.")) {
            text = text.substring(2);
        } else if (text.startsWith(".")) {
            text = text.substring(1);
        }
        return new Entry(text, port);
    }

    boolean matches(String host, int port) {
        if (everything) {
            return true;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (Entry entry : entries) {
            boolean hostMatches = name.equals(entry.domain()) || name.endsWith("." + entry.domain());
            if (hostMatches && (entry.port() == -1 || entry.port() == port)) {
                return true;
            }
        }
        return false;
    }
}
