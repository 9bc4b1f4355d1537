package dev.chatbridge.testsupport.telegram;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A strict parser for {@code parse_mode=HTML}. Stricter than Telegram about a bare {@code >} or {@code &}, on
 * purpose: text that passes here is escaped correctly for every Telegram client.
 */
final class HtmlEntitiesParser {
    private static final Set<String> TAGS = Set.of(
            "b",
            "strong",
            "i",
            "em",
            "u",
            "ins",
            "s",
            "strike",
            "del",
            "span",
            "tg-spoiler",
            "a",
            "code",
            "pre",
            "blockquote",
            "tg-emoji");

    private final String raw;
    private final FormattedText.Builder out = new FormattedText.Builder();
    private final Deque<OpenTag> open = new ArrayDeque<>();
    private int pos;

    private static final class OpenTag {
        final String name;
        final int start;
        final Map<String, String> attributes;
        /** Set by a {@code <code class="language-x">} child: Telegram folds both into one pre entity. */
        @Nullable
        String language;

        OpenTag(String name, int start, Map<String, String> attributes) {
            this.name = name;
            this.start = start;
            this.attributes = attributes;
        }
    }

    private HtmlEntitiesParser(String raw) {
        this.raw = raw;
    }

    static FormattedText parse(String html) {
        HtmlEntitiesParser parser = new HtmlEntitiesParser(html);
        parser.run();
        return parser.out.build();
    }

    private void run() {
        while (pos < raw.length()) {
            char c = raw.charAt(pos);
            if (c == '<') {
                if (raw.startsWith("</", pos)) {
                    endTag();
                } else {
                    startTag();
                }
            } else if (c == '&') {
                out.text.appendCodePoint(entity());
            } else if (c == '>') {
                throw error("Character \">\" must be escaped as \"&gt;\"", pos);
            } else {
                out.text.append(c);
                pos++;
            }
        }
        if (!open.isEmpty()) {
            throw BotApiError.cantParse("Can't find end tag corresponding to start tag \"" + open.peek().name + "\"");
        }
    }

    private void startTag() {
        int tagStart = pos;
        int nameEnd = pos + 1;
        while (nameEnd < raw.length() && isNameChar(raw.charAt(nameEnd))) {
            nameEnd++;
        }
        String name = raw.substring(pos + 1, nameEnd).toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw error("Character \"<\" must be escaped as \"&lt;\"", tagStart);
        }
        if (!TAGS.contains(name)) {
            throw error("Unsupported start tag \"" + name + "\"", tagStart);
        }
        pos = nameEnd;
        Map<String, String> attributes = attributes(tagStart);
        check(name, attributes, tagStart);
        open.push(new OpenTag(name, out.offset(), attributes));
    }

    private Map<String, String> attributes(int tagStart) {
        Map<String, String> attributes = new LinkedHashMap<>();
        while (true) {
            skipSpaces();
            if (pos >= raw.length()) {
                throw error("Unclosed start tag", tagStart);
            }
            char c = raw.charAt(pos);
            if (c == '>') {
                pos++;
                return attributes;
            }
            int nameStart = pos;
            while (pos < raw.length() && isNameChar(raw.charAt(pos))) {
                pos++;
            }
            if (pos == nameStart) {
                throw error("Expected equal sign in declaration of an attribute of the tag", pos);
            }
            String name = raw.substring(nameStart, pos).toLowerCase(Locale.ROOT);
            skipSpaces();
            String value = "";
            if (pos < raw.length() && raw.charAt(pos) == '=') {
                pos++;
                skipSpaces();
                value = attributeValue(tagStart);
            }
            attributes.put(name, value);
        }
    }

    private String attributeValue(int tagStart) {
        if (pos >= raw.length()) {
            throw error("Unclosed start tag", tagStart);
        }
        char quote = raw.charAt(pos);
        StringBuilder value = new StringBuilder();
        if (quote == '"' || quote == '\'') {
            pos++;
            while (pos < raw.length() && raw.charAt(pos) != quote) {
                if (raw.charAt(pos) == '&') {
                    value.appendCodePoint(entity());
                } else {
                    value.append(raw.charAt(pos++));
                }
            }
            if (pos >= raw.length()) {
                throw error("Unclosed start tag", tagStart);
            }
            pos++;
        } else {
            while (pos < raw.length() && !Character.isWhitespace(raw.charAt(pos)) && raw.charAt(pos) != '>') {
                value.append(raw.charAt(pos++));
            }
        }
        return value.toString();
    }

    private void check(String name, Map<String, String> attributes, int at) {
        if (name.equals("span") && !"tg-spoiler".equals(attributes.get("class"))) {
            throw error("Tag \"span\" must have class \"tg-spoiler\"", at);
        }
        if (name.equals("tg-emoji") && !attributes.containsKey("emoji-id")) {
            throw error("Tag \"tg-emoji\" must have attribute \"emoji-id\"", at);
        }
    }

    private void endTag() {
        int tagStart = pos;
        int close = raw.indexOf('>', pos);
        if (close < 0) {
            throw error("Unclosed end tag", tagStart);
        }
        String name = raw.substring(pos + 2, close).trim().toLowerCase(Locale.ROOT);
        pos = close + 1;
        if (open.isEmpty()) {
            throw error("Unexpected end tag", tagStart);
        }
        OpenTag tag = open.pop();
        if (!tag.name.equals(name)) {
            throw BotApiError.cantParse("Unmatched end tag at byte offset " + FormattedText.byteOffset(raw, tagStart)
                    + ", expected \"</" + tag.name + ">\", found \"</" + name + ">\"");
        }
        addEntity(tag);
    }

    private void addEntity(OpenTag tag) {
        Map<String, String> attributes = tag.attributes;
        switch (tag.name) {
            case "b", "strong" -> out.entity("bold", tag.start);
            case "i", "em" -> out.entity("italic", tag.start);
            case "u", "ins" -> out.entity("underline", tag.start);
            case "s", "strike", "del" -> out.entity("strikethrough", tag.start);
            case "span", "tg-spoiler" -> out.entity("spoiler", tag.start);
            case "a" -> {
                String href = attributes.get("href");
                if (href != null && !href.isEmpty()) {
                    out.entity("text_link", tag.start).put("url", href);
                }
            }
            case "code" -> {
                OpenTag parent = open.peek();
                if (parent != null && parent.name.equals("pre")) {
                    parent.language = language(attributes);
                } else {
                    out.entity("code", tag.start);
                }
            }
            case "pre" -> {
                ObjectNode pre = out.entity("pre", tag.start);
                if (tag.language != null) {
                    pre.put("language", tag.language);
                }
            }
            case "blockquote" ->
                out.entity(attributes.containsKey("expandable") ? "expandable_blockquote" : "blockquote", tag.start);
            case "tg-emoji" -> out.entity("custom_emoji", tag.start).put("custom_emoji_id", attributes.get("emoji-id"));
            default -> throw new IllegalStateException("unreachable: " + tag.name);
        }
    }

    private static @Nullable String language(Map<String, String> attributes) {
        String cssClass = attributes.get("class");
        return cssClass != null && cssClass.startsWith("language-") ? cssClass.substring("language-".length()) : null;
    }

    /** Decodes the entity at {@code pos}: only the four named ones and numeric ones are valid. */
    private int entity() {
        int start = pos;
        int semicolon = raw.indexOf(';', pos);
        if (semicolon > pos + 1 && semicolon - pos <= 10) {
            String name = raw.substring(pos + 1, semicolon);
            Integer codePoint = switch (name) {
                case "lt" -> (int) '<';
                case "gt" -> (int) '>';
                case "amp" -> (int) '&';
                case "quot" -> (int) '"';
                default -> numeric(name);
            };
            if (codePoint != null) {
                pos = semicolon + 1;
                return codePoint;
            }
        }
        throw error("Character \"&\" must be escaped as \"&amp;\"", start);
    }

    private static @Nullable Integer numeric(String name) {
        try {
            int value;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                value = Integer.parseInt(name.substring(2), 16);
            } else if (name.startsWith("#")) {
                value = Integer.parseInt(name.substring(1));
            } else {
                return null;
            }
            return value > 0 && Character.isValidCodePoint(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void skipSpaces() {
        while (pos < raw.length() && Character.isWhitespace(raw.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private BotApiError error(String reason, int index) {
        return BotApiError.cantParse(reason + " at byte offset " + FormattedText.byteOffset(raw, index));
    }
}
