package dev.chatbridge.telegram.markup;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Which link destinations may become an {@code href}, and how they are written there. */
final class LinkHref {

    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "tg", "mailto");

    private LinkHref() {}

    /** The destination with unsafe characters percent-encoded, or null unless its scheme may be linked. */
    static @Nullable String of(String destination) {
        String url = destination.strip();
        int colon = url.indexOf(':');
        if (colon <= 0 || !LINK_SCHEMES.contains(url.substring(0, colon).toLowerCase(Locale.ROOT))) {
            return null;
        }
        StringBuilder href = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                href.append('%').append(String.format("%02X", (int) c));
            } else {
                href.append(c);
            }
        }
        return href.toString();
    }
}
