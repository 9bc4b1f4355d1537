package dev.chatbridge.testsupport.midjourney;

import dev.chatbridge.testsupport.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One job of {@link FakeMidjourneyProxy}: a fixed plan of steps it walks through, one {@link #advance()} at a time.
 * Not thread-safe; {@link TaskBook} guards it.
 */
final class ScriptedTask {

    /** Where a job ends up. */
    enum Ending {
        SUCCESS,
        FAILURE,
        STALL
    }

    private record Step(String status, int progress) {}

    final String id;
    final String action;
    final String customId;
    final @Nullable String notifyHook;
    final String hash = UUID.randomUUID().toString();
    private final long submitTime = System.currentTimeMillis();
    private final List<Step> plan;
    private final @Nullable String failReason;
    private String prompt;
    /** What Midjourney was given ({@code promptEn}, {@code properties.finalPrompt}); null: the prompt itself. */
    private @Nullable String finalPrompt;

    private int step;
    private boolean fresh = true;
    private boolean waitingForModal;
    private @Nullable String mask;
    private @Nullable Long startTime;
    private @Nullable Long finishTime;
    /** A DESCRIBE task's four prompts, which become its prompt once it succeeded. */
    private @Nullable String described;

    ScriptedTask(
            String id,
            String action,
            String customId,
            String prompt,
            @Nullable String notifyHook,
            List<Integer> progressSteps,
            Ending ending,
            @Nullable String failReason,
            boolean modal) {
        this.id = id;
        this.action = action;
        this.customId = customId;
        this.prompt = prompt;
        this.notifyHook = notifyHook;
        this.failReason = failReason;
        this.waitingForModal = modal;
        this.plan = plan(progressSteps, ending);
    }

    private static List<Step> plan(List<Integer> progressSteps, Ending ending) {
        List<Step> plan = new ArrayList<>();
        plan.add(new Step("NOT_START", 0));
        plan.add(new Step("SUBMITTED", 0));
        List<Integer> steps = ending == Ending.SUCCESS ? progressSteps : progressSteps.subList(0, 1);
        steps.forEach(progress -> plan.add(new Step("IN_PROGRESS", progress)));
        switch (ending) {
            case SUCCESS -> plan.add(new Step("SUCCESS", 100));
            case FAILURE -> plan.add(new Step("FAILURE", -1));
            case STALL -> {
                // Stays at the first progress step for good.
            }
        }
        return List.copyOf(plan);
    }

    String status() {
        return waitingForModal ? "MODAL" : plan.get(step).status();
    }

    String prompt() {
        return prompt;
    }

    /** The proxy gave Midjourney other words than the prompt (a translation). */
    void finalPrompt(String given) {
        finalPrompt = given;
    }

    /** Still going somewhere by itself: not finished, not stalled for good, not waiting for the modal. */
    boolean live() {
        return !waitingForModal && step < plan.size() - 1;
    }

    /** For a fetch: the first one shows the task as submitted, each later one moves it a step. */
    boolean advanceOnFetch() {
        if (fresh) {
            fresh = false;
            return false;
        }
        return advance();
    }

    boolean advance() {
        fresh = false;
        if (!live()) {
            return false;
        }
        step++;
        String status = plan.get(step).status();
        if (startTime == null && !status.equals("NOT_START")) {
            startTime = System.currentTimeMillis();
        }
        if (status.equals("SUCCESS") || status.equals("FAILURE")) {
            finishTime = System.currentTimeMillis();
        }
        return true;
    }

    boolean waitingForModal() {
        return waitingForModal;
    }

    /** Makes this a DESCRIBE task that ends with these prompts (and the PicReader buttons). */
    void describeAs(String prompts) {
        described = prompts;
    }

    /** The modal's prompt arrived: the job is queued and runs from here. */
    void completeModal(String modalPrompt, @Nullable String maskBase64) {
        waitingForModal = false;
        prompt = modalPrompt;
        mask = maskBase64;
        step = 1;
        fresh = false;
    }

    /** The task JSON as {@code /mj/task/{id}/fetch} and the notify hook send it. */
    ObjectNode json(boolean withButtons, String baseUrl, boolean previews) {
        String status = status();
        Step current = plan.get(step);
        ObjectNode task = Json.object();
        task.put("id", id);
        task.put("action", action);
        task.put("customId", customId);
        if (withButtons) {
            task.put("botType", "");
        }
        // A DESCRIBE task has no prompt of its own until it is done; then all three fields hold the four prompts.
        String shownPrompt = described != null && status.equals("SUCCESS") ? described : prompt;
        task.put("prompt", shownPrompt);
        task.put("promptEn", shownPrompt.equals(prompt) && finalPrompt != null ? finalPrompt : shownPrompt);
        task.put("description", "Submit success");
        task.put("state", "");
        task.put("submitTime", submitTime);
        putNullable(task, "startTime", startTime);
        putNullable(task, "finishTime", finishTime);
        if (status.equals("SUCCESS")) {
            task.put("imageUrl", baseUrl + "/attachments/" + id + ".png");
        } else if (previews && status.equals("IN_PROGRESS")) {
            task.put("imageUrl", baseUrl + "/attachments/" + id + "_" + current.progress() + ".png");
        } else {
            task.putNull("imageUrl");
        }
        task.put("status", status);
        task.put("progress", progressText(status, current.progress()));
        task.put("failReason", status.equals("FAILURE") && failReason != null ? failReason : "");
        if (withButtons) {
            task.set("buttons", status.equals("SUCCESS") ? buttons() : Json.array());
            task.put("maskBase64", mask == null ? "" : mask);
        }
        ObjectNode properties = task.putObject("properties");
        properties.put("finalPrompt", shownPrompt.equals(prompt) && finalPrompt != null ? finalPrompt : shownPrompt);
        properties.put("finalZhPrompt", "");
        if (!withButtons) {
            properties.put("messageHash", hash);
        }
        return task;
    }

    /** The ids of the buttons a finished job shows (action dialect). */
    List<String> buttonIds() {
        if (!status().equals("SUCCESS")) {
            return List.of();
        }
        return buttons().values().stream()
                .map(button -> button.path("customId").asString(""))
                .toList();
    }

    private ArrayNode buttons() {
        if (described != null) {
            return ButtonSets.describe();
        }
        return action.equals("UPSCALE") ? ButtonSets.upscaled(hash) : ButtonSets.grid(hash);
    }

    private static String progressText(String status, int progress) {
        return switch (status) {
            case "FAILURE" -> "";
            case "MODAL", "NOT_START", "SUBMITTED" -> "0%";
            default -> progress + "%";
        };
    }

    private static void putNullable(ObjectNode node, String field, @Nullable Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
