package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Text as the user sees it, with the Bot API entities a parse mode produced. */
record FormattedText(String text, ArrayNode entities) {

    /** Collects entities while a parser writes the visible text. Offsets are UTF-16 units, as Telegram counts. */
    static final class Builder {
        final StringBuilder text = new StringBuilder();
        private final List<ObjectNode> entities = new ArrayList<>();

        int offset() {
            return text.length();
        }

        ObjectNode entity(String type, int start) {
            ObjectNode entity = Json.object();
            entity.put("type", type);
            entity.put("offset", start);
            entity.put("length", text.length() - start);
            if (text.length() > start) {
                entities.add(entity);
            }
            return entity;
        }

        FormattedText build() {
            ArrayNode sorted = Json.array();
            entities.stream()
                    .sorted(Comparator.<ObjectNode>comparingInt(
                                    e -> e.get("offset").asInt())
                            .thenComparing(e -> -e.get("length").asInt()))
                    .forEach(sorted::add);
            return new FormattedText(text.toString(), sorted);
        }
    }

    /** Telegram reports parse errors at UTF-8 byte offsets of the raw text. */
    static int byteOffset(String raw, int index) {
        return raw.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
    }
}
