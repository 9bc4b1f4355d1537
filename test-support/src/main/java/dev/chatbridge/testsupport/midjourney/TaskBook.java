package dev.chatbridge.testsupport.midjourney;

import dev.chatbridge.testsupport.common.Json;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The jobs of {@link FakeMidjourneyProxy} and what the submit endpoints do with them, following the proxies' rules
 * (codes 1/3/4/21/22, buttons that must belong to the task, MODAL until {@code /mj/submit/modal}). Thread-safe: every
 * method holds the book's lock, and notify hooks are queued under it, so they leave in order.
 */
final class TaskBook {

    static final String CHANNEL_ID = "1285816583378923528";
    static final String INSTANCE_ID = "1557366047791480834";
    private static final Set<String> GRID_ACTIONS =
            Set.of("IMAGINE", "VARIATION", "REROLL", "ZOOM", "PAN", "INPAINT", "BLEND");
    /** What the proxies take as a picture: a data URL of an image, in base64. */
    private static final Pattern DATA_URL =
            Pattern.compile("data:image/(png|jpeg|jpg|webp|gif);base64,[A-Za-z0-9+/]+=*");

    private static final Set<String> DIMENSIONS = Set.of("PORTRAIT", "SQUARE", "LANDSCAPE");

    private final boolean actionDialect;
    private final String baseUrl;
    private final JobSettings settings;
    private final NotifyHooks hooks;
    private final Map<String, ScriptedTask> tasks = new LinkedHashMap<>();
    private final Map<String, String> changes = new HashMap<>();
    /** Upscales made through /mj/submit/action, by task and customId: pressing the same U again answers 21. */
    private final Map<String, String> upscales = new HashMap<>();

    private long lastId;

    TaskBook(boolean actionDialect, String baseUrl, JobSettings settings, NotifyHooks hooks) {
        this.actionDialect = actionDialect;
        this.baseUrl = baseUrl;
        this.settings = settings;
        this.hooks = hooks;
    }

    synchronized ObjectNode imagine(JsonNode body) {
        String prompt = body.path("prompt").asString("");
        if (prompt.isBlank()) {
            return reply(4, "prompt must not be blank", null);
        }
        JsonNode images = body.path("base64Array");
        if (!images.isMissingNode() && !images.isNull()) {
            String invalid = invalidPictures(images, 0, 5);
            if (invalid != null) {
                return reply(4, "base64Array: " + invalid, null);
            }
        }
        return submitted(create("IMAGINE", "", prompt, body, false));
    }

    /** {@code /mj/submit/describe {base64}}: a DESCRIBE task that ends with four prompts and PicReader buttons. */
    synchronized ObjectNode describe(JsonNode body) {
        String picture = body.path("base64").asString("");
        if (!DATA_URL.matcher(picture).matches()) {
            return reply(4, "base64 must be a data URL of an image", null);
        }
        ScriptedTask task = create("DESCRIBE", "", "", body, false);
        task.describeAs(settings.describedPrompts());
        return submitted(task);
    }

    /** {@code /mj/submit/blend {base64Array, dimensions}}: 2–5 pictures, PORTRAIT|SQUARE|LANDSCAPE (SQUARE if absent). */
    synchronized ObjectNode blend(JsonNode body) {
        String invalid = invalidPictures(body.path("base64Array"), 2, 5);
        if (invalid != null) {
            return reply(4, "base64Array: " + invalid, null);
        }
        JsonNode dimensions = body.path("dimensions");
        if (!dimensions.isMissingNode() && !dimensions.isNull() && !DIMENSIONS.contains(dimensions.asString(""))) {
            return reply(4, "dimensions must be PORTRAIT, SQUARE or LANDSCAPE: " + dimensions, null);
        }
        return submitted(create("BLEND", "", "", body, false));
    }

    /** Why {@code images} is not {@code least..most} data URLs of images, or null when it is. */
    private static @Nullable String invalidPictures(JsonNode images, int least, int most) {
        if (!images.isArray()) {
            return "must be an array of data URLs";
        }
        if (images.size() < least || images.size() > most) {
            return "must hold " + least + ".." + most + " pictures, not " + images.size();
        }
        for (JsonNode image : images.values()) {
            if (!image.isString() || !DATA_URL.matcher(image.asString("")).matches()) {
                return "each must be a data URL of an image";
            }
        }
        return null;
    }

    synchronized ObjectNode action(JsonNode body) {
        String customId = body.path("customId").asString("");
        ScriptedTask parent = tasks.get(body.path("taskId").asString(""));
        if (parent == null) {
            return reply(3, "Task not found or expired", null);
        }
        String action = ButtonSets.actionOf(customId);
        if (action == null || !parent.buttonIds().contains(customId)) {
            return reply(4, "Invalid customId", null);
        }
        String upscaleKey = parent.id + " " + customId;
        String existing = upscales.get(upscaleKey);
        if (existing != null) {
            // As the proxies answer a U pressed again: the task made the first time, with its state.
            ObjectNode reply = reply(21, "任务已存在", existing);
            ScriptedTask made = tasks.get(existing);
            ObjectNode properties = (ObjectNode) reply.path("properties");
            properties.put("status", made.status());
            properties.set("imageUrl", json(made).path("imageUrl"));
            return reply;
        }
        // Remix mode opens the window for every action that draws anew; an upscale only enlarges.
        boolean modal = settings.modalPrefixes().stream().anyMatch(customId::startsWith)
                || (settings.remix() && !action.equals("UPSCALE"));
        ScriptedTask task = create(action, customId, parent.prompt(), body, modal);
        if (action.equals("UPSCALE") && !modal) {
            upscales.put(upscaleKey, task.id);
        }
        if (modal && settings.modalAsSubmitted()) {
            return submitted(task);
        }
        if (modal) {
            ObjectNode reply = reply(21, "Waiting for window confirm", task.id);
            ((ObjectNode) reply.path("properties"))
                    .put("finalPrompt", task.prompt())
                    .put("remix", true);
            return reply;
        }
        return submitted(task);
    }

    synchronized ObjectNode change(JsonNode body) {
        String taskId = body.path("taskId").asString("");
        String action = body.path("action").asString("");
        int index = body.path("index").asInt(0);
        if (taskId.isBlank()) {
            return reply(4, "taskId must not be blank", null);
        }
        if (!Set.of("UPSCALE", "VARIATION", "REROLL").contains(action)) {
            return reply(4, "Invalid action: " + action, null);
        }
        if (!action.equals("REROLL") && (index < 1 || index > 4)) {
            return reply(4, "index must be 1..4 for " + action, null);
        }
        String key = taskId + " " + action + (action.equals("REROLL") ? "" : " " + index);
        String existing = changes.get(key);
        if (existing != null) {
            ObjectNode reply = reply(21, "Task already exists", existing);
            ((ObjectNode) reply.path("properties"))
                    .put("status", tasks.get(existing).status());
            return reply;
        }
        ScriptedTask parent = tasks.get(taskId);
        if (parent == null) {
            return reply(3, "Task not found or expired", null);
        }
        if (!parent.status().equals("SUCCESS")) {
            return reply(4, "Task status error: " + parent.status(), null);
        }
        if (!GRID_ACTIONS.contains(parent.action)) {
            return reply(4, "Task does not allow changes: " + parent.action, null);
        }
        ScriptedTask task = create(action, "", parent.prompt(), body, false);
        changes.put(key, task.id);
        return submitted(task);
    }

    synchronized ObjectNode modal(JsonNode body) {
        ScriptedTask task = tasks.get(body.path("taskId").asString(""));
        String prompt = body.path("prompt").asString("");
        if (task == null) {
            return reply(3, "Task not found or expired", null);
        }
        if (!task.waitingForModal()) {
            return reply(4, "Task is not waiting for a modal: " + task.status(), null);
        }
        if (prompt.isBlank()) {
            return reply(4, "prompt must not be blank", null);
        }
        // Vary (Region) cannot run without the painted region; the proxies forward it as the inpaint mask.
        String mask = body.path("maskBase64").asString("");
        if (task.action.equals("INPAINT") && !mask.startsWith("data:image/png;base64,")) {
            return reply(4, "maskBase64 must be a PNG data URL", null);
        }
        task.completeModal(prompt, mask.isEmpty() ? null : mask);
        changed(task);
        return submitted(task);
    }

    /** The task as a fetch sees it; a fetch moves it one step unless the clock does. */
    synchronized Optional<JsonNode> fetch(String id, boolean advance) {
        ScriptedTask task = tasks.get(id);
        if (task == null) {
            return Optional.empty();
        }
        if (advance && task.advanceOnFetch()) {
            changed(task);
        }
        return Optional.of(json(task));
    }

    /** One clock step for every task still under way. */
    synchronized void tick() {
        for (ScriptedTask task : tasks.values()) {
            if (task.advance()) {
                changed(task);
            }
        }
    }

    synchronized Optional<JsonNode> task(String id) {
        return Optional.ofNullable(tasks.get(id)).map(this::json);
    }

    synchronized List<JsonNode> tasks() {
        return tasks.values().stream().map(this::json).map(JsonNode.class::cast).toList();
    }

    synchronized boolean knows(String id) {
        return tasks.containsKey(id);
    }

    static ObjectNode reply(int code, String description, @Nullable String result) {
        ObjectNode reply = Json.object();
        reply.put("code", code);
        reply.put("description", description);
        if (result == null) {
            reply.putNull("result");
        } else {
            reply.put("result", result);
        }
        reply.putObject("properties");
        return reply;
    }

    private static ObjectNode submitted(ScriptedTask task) {
        ObjectNode reply = reply(1, "Submit success", task.id);
        ((ObjectNode) reply.path("properties"))
                .put("discordChannelId", CHANNEL_ID)
                .put("discordInstanceId", INSTANCE_ID);
        return reply;
    }

    private ScriptedTask create(String action, String customId, String prompt, JsonNode body, boolean modal) {
        JobSettings.Fate fate = settings.fateOf(prompt);
        String hook = body.path("notifyHook").asString("");
        ScriptedTask task = new ScriptedTask(
                nextId(),
                action,
                customId,
                prompt,
                hook.isBlank() ? null : hook,
                settings.progressSteps(),
                fate.ending(),
                fate.failReason(),
                modal);
        String finalPrompt = settings.finalPromptOf(prompt);
        if (!finalPrompt.equals(prompt)) {
            task.finalPrompt(finalPrompt);
        }
        tasks.put(task.id, task);
        return task;
    }

    private void changed(ScriptedTask task) {
        String url = task.notifyHook != null ? task.notifyHook : settings.notifyHook();
        if (url != null) {
            hooks.post(url, json(task));
        }
    }

    private ObjectNode json(ScriptedTask task) {
        return task.json(actionDialect, baseUrl, settings.previews());
    }

    /** 16 digits like the proxies' ids: the submit millis and a counter. */
    private String nextId() {
        long id = Math.max(System.currentTimeMillis() * 1000, lastId + 1);
        lastId = id;
        return Long.toString(id);
    }
}
