package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entities Telegram attaches to what a user types: {@code bot_command} and {@code mention}. Offsets are Java
 * char indexes, which are the UTF-16 units Telegram uses.
 */
final class UserTextEntities {
    private static final Pattern COMMAND =
            Pattern.compile("(?<!\\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@/])");
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_@/])@[A-Za-z0-9_]{5,32}(?![A-Za-z0-9_])");

    private record Span(String type, int offset, int length) {}

    private UserTextEntities() {}

    static ArrayNode detect(String text) {
        List<Span> spans = new ArrayList<>();
        Matcher command = COMMAND.matcher(text);
        while (command.find()) {
            spans.add(new Span("bot_command", command.start(), command.end() - command.start()));
        }
        Matcher mention = MENTION.matcher(text);
        while (mention.find()) {
            int start = mention.start();
            boolean insideCommand =
                    spans.stream().anyMatch(s -> start >= s.offset() && start < s.offset() + s.length());
            if (!insideCommand) {
                spans.add(new Span("mention", start, mention.end() - start));
            }
        }
        ArrayNode entities = Json.array();
        spans.stream().sorted(Comparator.comparingInt(Span::offset)).forEach(span -> {
            ObjectNode entity = entities.addObject();
            entity.put("type", span.type());
            entity.put("offset", span.offset());
            entity.put("length", span.length());
        });
        return entities;
    }
}
