package dev.chatbridge.testsupport.discord;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Discord's limits on a modal (interaction callback type 9): a custom_id of 1–100 characters, a title of 1–45, and
 * 1–5 top-level components, each a label (type 18, label up to 45 characters) around a text input or an action row
 * holding one text input; a text input has a custom_id of 1–100 characters, style 1 or 2, and a value and lengths of
 * at most 4000.
 */
final class ModalLimits {

    private static final int MAX_ID = 100;
    private static final int MAX_TITLE = 45;
    private static final int MAX_COMPONENTS = 5;
    private static final int MAX_LABEL = 45;
    private static final int MAX_VALUE = 4000;
    private static final int MAX_PLACEHOLDER = 100;

    private ModalLimits() {}

    static List<String> violations(JsonNode data) {
        List<String> problems = new ArrayList<>();
        length(problems, "data.custom_id", data.path("custom_id").asString(""), 1, MAX_ID);
        length(problems, "data.title", data.path("title").asString(""), 1, MAX_TITLE);
        JsonNode components = data.path("components");
        if (!components.isArray() || components.isEmpty() || components.size() > MAX_COMPONENTS) {
            problems.add("data.components: Must be between 1 and " + MAX_COMPONENTS + " in length.");
            return problems;
        }
        for (int i = 0; i < components.size(); i++) {
            JsonNode top = components.get(i);
            String at = "data.components." + i;
            switch (top.path("type").asInt()) {
                case 18 -> {
                    length(problems, at + ".label", top.path("label").asString(""), 1, MAX_LABEL);
                    textInput(problems, at + ".component", top.path("component"), false);
                }
                case 1 -> {
                    JsonNode inputs = top.path("components");
                    if (inputs.size() != 1) {
                        problems.add(at + ".components: Must hold exactly one text input.");
                    } else {
                        textInput(problems, at + ".components.0", inputs.get(0), true);
                    }
                }
                default -> problems.add(at + ".type: Value must be one of {1, 18}.");
            }
        }
        return problems;
    }

    private static void textInput(List<String> problems, String at, JsonNode input, boolean labelled) {
        if (input.path("type").asInt() != 4) {
            problems.add(at + ".type: Must be a text input (4).");
            return;
        }
        length(problems, at + ".custom_id", input.path("custom_id").asString(""), 1, MAX_ID);
        int style = input.path("style").asInt();
        if (style != 1 && style != 2) {
            problems.add(at + ".style: Value must be one of {1, 2}.");
        }
        if (labelled) {
            length(problems, at + ".label", input.path("label").asString(""), 1, MAX_LABEL);
        }
        length(problems, at + ".value", input.path("value").asString(""), 0, MAX_VALUE);
        length(problems, at + ".placeholder", input.path("placeholder").asString(""), 0, MAX_PLACEHOLDER);
        for (String bound : List.of("min_length", "max_length")) {
            if (input.has(bound)
                    && (input.get(bound).asInt() < 0 || input.get(bound).asInt() > MAX_VALUE)) {
                problems.add(at + "." + bound + ": Must be between 0 and " + MAX_VALUE + ".");
            }
        }
    }

    private static void length(List<String> problems, String field, String value, int min, int max) {
        if (value.length() < min || value.length() > max) {
            problems.add(field + ": Must be between " + min + " and " + max + " in length.");
        }
    }
}
