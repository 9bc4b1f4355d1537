package dev.chatbridge.core.upstream.midjourney;

import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyException.Kind;
import dev.chatbridge.core.imagine.SubmitResult;
import dev.chatbridge.core.imagine.Task;
import dev.chatbridge.core.imagine.TaskButton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The proxy's JSON, both ways: request bodies out, submit replies and tasks in, leniently. */
final class MidjourneyWire {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MidjourneyWire() {}

    static ObjectNode body(@Nullable String notifyHook) {
        ObjectNode body = JSON.createObjectNode();
        if (notifyHook != null && !notifyHook.isBlank()) {
            body.put("notifyHook", notifyHook);
        }
        return body;
    }

    static String text(JsonNode body) {
        return JSON.writeValueAsString(body);
    }

    /** A submit reply: {@code {code, description, result, properties}}. */
    static SubmitResult submitResult(String body, String what) {
        JsonNode reply = parse(body, what);
        if (reply == null || !reply.isObject() || !reply.path("code").isNumber()) {
            throw new MidjourneyException(
                    Kind.BAD_RESPONSE, "the Midjourney proxy's answer to " + what + " has no code");
        }
        JsonNode properties = reply.path("properties");
        return new SubmitResult(
                reply.path("code").asInt(0),
                orEmpty(string(reply, "description")),
                string(reply, "result"),
                integer(properties.path("numberOfQueues")),
                string(properties, "bannedWord"));
    }

    /** Empty for an empty body or {@code null}, the proxy's way of saying it does not know the task. */
    static Optional<Task> task(String body, String requestedId) {
        if (body.isBlank()) {
            return Optional.empty();
        }
        JsonNode task = parse(body, "a task fetch");
        if (task == null || task.isNull()) {
            return Optional.empty();
        }
        if (!task.isObject()) {
            throw new MidjourneyException(Kind.BAD_RESPONSE, "the Midjourney proxy sent a task that is not an object");
        }
        String id = string(task, "id");
        String prompt = string(task, "prompt");
        if (prompt == null) {
            prompt = string(task, "promptEn");
        }
        return Optional.of(new Task(
                id == null ? requestedId : id,
                orEmpty(string(task, "action")),
                status(string(task, "status")),
                progress(task.path("progress")),
                string(task, "imageUrl"),
                string(task, "failReason"),
                orEmpty(prompt),
                buttons(task.path("buttons")),
                string(task.path("properties"), "finalPrompt")));
    }

    static Task.Status status(@Nullable String status) {
        if (status == null) {
            return Task.Status.UNKNOWN;
        }
        try {
            return Task.Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Task.Status.UNKNOWN;
        }
    }

    /** {@code "45%"}, {@code "45"} or {@code 45} → 45; anything unreadable → 0; clamped to 0..100. */
    static int progress(JsonNode progress) {
        double value;
        if (progress.isNumber()) {
            value = progress.asDouble(0);
        } else if (progress.isString()) {
            String text = progress.asString("").strip();
            if (text.endsWith("%")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                value = 0;
            }
        } else {
            value = 0;
        }
        if (Double.isNaN(value)) {
            return 0;
        }
        return (int) Math.max(0, Math.min(100, Math.floor(value)));
    }

    private static List<TaskButton> buttons(JsonNode buttons) {
        if (!buttons.isArray()) {
            return List.of();
        }
        List<TaskButton> parsed = new ArrayList<>();
        for (JsonNode button : buttons.values()) {
            String customId = string(button, "customId");
            if (customId != null) {
                parsed.add(
                        new TaskButton(customId, orEmpty(string(button, "label")), orEmpty(string(button, "emoji"))));
            }
        }
        return parsed;
    }

    private static @Nullable JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MidjourneyException(
                    Kind.BAD_RESPONSE, "the Midjourney proxy's answer to " + what + " is not JSON");
        }
    }

    /** The field as text (numbers too); null when missing, null or blank. */
    private static @Nullable String string(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (!(node.isString() || node.isNumber() || node.isBoolean())) {
            return null;
        }
        String value = node.asString("");
        return value.isBlank() ? null : value;
    }

    private static @Nullable Integer integer(JsonNode node) {
        if (node.isNumber()) {
            return node.asInt(0);
        }
        if (node.isString()) {
            try {
                return Integer.valueOf(node.asString("").strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
