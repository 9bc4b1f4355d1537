package dev.chatbridge.telegram.markup;

/** Telegram's HTML escaping: {@code & < >} everywhere, and {@code "} too inside an attribute value. */
final class HtmlEscape {

    private HtmlEscape() {}

    static String text(String text) {
        return escape(text, false);
    }

    static String attribute(String value) {
        return escape(value, true);
    }

    private static String escape(String text, boolean attribute) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append(attribute ? "&quot;" : "\"");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
