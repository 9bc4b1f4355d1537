package dev.chatbridge.testsupport.telegram;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small parser for {@code MarkdownV2} (and legacy {@code Markdown}). It knows the paired markers, links, code and
 * line-start quotes, and like Telegram rejects any other unescaped reserved character.
 */
final class MarkdownEntitiesParser {
    private static final String RESERVED = "_*[]()~`>#+-=|{}.!";

    private final String raw;
    private final boolean v2;
    private final FormattedText.Builder out = new FormattedText.Builder();
    private final Deque<Marker> open = new ArrayDeque<>();
    private int pos;
    private int quoteStart = -1;

    private record Marker(String token, int start, int rawIndex) {}

    private MarkdownEntitiesParser(String raw, boolean v2) {
        this.raw = raw;
        this.v2 = v2;
    }

    static FormattedText parseV2(String text) {
        MarkdownEntitiesParser parser = new MarkdownEntitiesParser(text, true);
        parser.run();
        return parser.out.build();
    }

    static FormattedText parseLegacy(String text) {
        MarkdownEntitiesParser parser = new MarkdownEntitiesParser(text, false);
        parser.run();
        return parser.out.build();
    }

    private void run() {
        while (pos < raw.length()) {
            char c = raw.charAt(pos);
            if (v2 && (pos == 0 || raw.charAt(pos - 1) == '\n')) {
                lineStart();
                if (pos >= raw.length()) {
                    break;
                }
                c = raw.charAt(pos);
            }
            if (c == '\\' && pos + 1 < raw.length() && escapable(raw.charAt(pos + 1))) {
                out.text.append(raw.charAt(pos + 1));
                pos += 2;
            } else if (c == '`') {
                code();
            } else if (c == '*' || (c == '_' && !raw.startsWith("__", pos)) || (v2 && c == '~')) {
                toggle(String.valueOf(c), 1);
            } else if (v2 && raw.startsWith("__", pos)) {
                toggle("__", 2);
            } else if (v2 && raw.startsWith("||", pos)) {
                toggle("||", 2);
            } else if (c == '[') {
                open.push(new Marker("[", out.offset(), pos));
                pos++;
            } else if (c == ']' && !open.isEmpty() && open.peek().token().equals("[")) {
                link();
            } else if (c == '_' && !v2) {
                toggle("_", 1);
            } else if (v2 && RESERVED.indexOf(c) >= 0) {
                throw BotApiError.cantParse(
                        "Character '" + c + "' is reserved and must be escaped with the preceding '\\'");
            } else {
                out.text.append(c);
                pos++;
            }
        }
        endQuote();
        if (!open.isEmpty()) {
            Marker marker = open.peek();
            throw unclosed(marker.token(), marker.rawIndex());
        }
    }

    /** A {@code >} at the start of a line opens or continues a block quote; other lines end it. */
    private void lineStart() {
        if (raw.startsWith(">", pos)) {
            if (quoteStart < 0) {
                quoteStart = out.offset();
            }
            pos++;
        } else {
            endQuote();
        }
    }

    private void endQuote() {
        if (quoteStart >= 0) {
            int end = out.text.length();
            // The quote covers its lines but not the newline that ends it.
            boolean trailingNewline = end > quoteStart && out.text.charAt(end - 1) == '\n';
            if (trailingNewline) {
                out.text.setLength(end - 1);
            }
            out.entity("blockquote", quoteStart);
            if (trailingNewline) {
                out.text.append('\n');
            }
            quoteStart = -1;
        }
    }

    private void toggle(String token, int width) {
        if (!open.isEmpty() && open.peek().token().equals(token)) {
            Marker marker = open.pop();
            out.entity(type(token), marker.start());
        } else if (open.stream().anyMatch(m -> m.token().equals(token))) {
            Marker marker = open.peek();
            throw unclosed(marker.token(), marker.rawIndex());
        } else {
            open.push(new Marker(token, out.offset(), pos));
        }
        pos += width;
    }

    private void code() {
        int start = pos;
        boolean block = raw.startsWith("```", pos);
        String fence = block ? "```" : "`";
        pos += fence.length();
        String language = null;
        if (block) {
            int newline = raw.indexOf('\n', pos);
            int close = raw.indexOf("```", pos);
            if (newline >= 0 && (close < 0 || newline < close)) {
                String first = raw.substring(pos, newline);
                if (!first.isBlank()) {
                    language = first.trim();
                }
                pos = newline + 1;
            }
        }
        int contentStart = out.offset();
        while (pos < raw.length() && !raw.startsWith(fence, pos)) {
            char c = raw.charAt(pos);
            if (v2 && c == '\\' && pos + 1 < raw.length()) {
                out.text.append(raw.charAt(pos + 1));
                pos += 2;
            } else {
                out.text.append(c);
                pos++;
            }
        }
        if (pos >= raw.length()) {
            throw unclosed(fence, start);
        }
        pos += fence.length();
        var entity = out.entity(block ? "pre" : "code", contentStart);
        if (language != null) {
            entity.put("language", language);
        }
    }

    private void link() {
        Marker marker = open.pop();
        int closeBracket = pos;
        pos++;
        if (!raw.startsWith("(", pos)) {
            if (v2) {
                throw BotApiError.cantParse("Character ']' is reserved and must be escaped with the preceding '\\'");
            }
            return;
        }
        StringBuilder url = new StringBuilder();
        pos++;
        while (pos < raw.length() && raw.charAt(pos) != ')') {
            if (raw.charAt(pos) == '\\' && pos + 1 < raw.length()) {
                pos++;
            }
            url.append(raw.charAt(pos++));
        }
        if (pos >= raw.length()) {
            throw BotApiError.cantParse(
                    "Can't find end of a url at byte offset " + FormattedText.byteOffset(raw, closeBracket + 1));
        }
        pos++;
        out.entity("text_link", marker.start()).put("url", url.toString());
    }

    private static String type(String token) {
        return switch (token) {
            case "*" -> "bold";
            case "_" -> "italic";
            case "__" -> "underline";
            case "~" -> "strikethrough";
            case "||" -> "spoiler";
            case "[" -> "text_link";
            case "`" -> "code";
            case "```" -> "pre";
            default -> throw new IllegalArgumentException(token);
        };
    }

    private static String entityName(String token) {
        return switch (type(token)) {
            case "bold" -> "Bold";
            case "italic" -> "Italic";
            case "underline" -> "Underline";
            case "strikethrough" -> "Strikethrough";
            case "spoiler" -> "Spoiler";
            case "text_link" -> "TextUrl";
            case "code" -> "Code";
            default -> "Pre";
        };
    }

    private BotApiError unclosed(String token, int rawIndex) {
        int offset = FormattedText.byteOffset(raw, rawIndex);
        return v2
                ? BotApiError.cantParse("Can't find end of " + entityName(token) + " entity at byte offset " + offset)
                : BotApiError.cantParse("Can't find end of the entity starting at byte offset " + offset);
    }

    /** MarkdownV2 lets any ASCII character be escaped; legacy Markdown only its four markers. */
    private boolean escapable(char c) {
        return v2 ? c > 0 && c < 127 : c == '_' || c == '*' || c == '`' || c == '[';
    }
}
