package dev.chatbridge.core.upstream.midjourney;

import dev.chatbridge.core.imagine.MidjourneyException;
import dev.chatbridge.core.imagine.MidjourneyException.Kind;
import dev.chatbridge.core.imagine.Task;
import dev.chatbridge.core.imagine.TaskButton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Buttons for proxies that send none, and the way back: a button's {@code customId} as a {@code /mj/submit/change}
 * call. The synthesized ids have Discord's shape with the task id in place of the message hash, so both directions
 * agree.
 */
final class MidjourneyButtons {

    private static final Set<String> GRID_ACTIONS = Set.of("IMAGINE", "VARIATION", "REROLL", "BLEND");

    /** A {@code /mj/submit/change} call: UPSCALE or VARIATION with index 1..4, or REROLL with index 0. */
    record Change(String action, int index) {}

    private MidjourneyButtons() {}

    static List<TaskButton> standard(String taskId) {
        List<TaskButton> buttons = new ArrayList<>(9);
        for (int i = 1; i <= 4; i++) {
            buttons.add(new TaskButton("MJ::JOB::upsample::" + i + "::" + taskId, "U" + i, ""));
        }
        buttons.add(new TaskButton("MJ::JOB::reroll::0::" + taskId + "::SOLO", "", "🔄"));
        for (int i = 1; i <= 4; i++) {
            buttons.add(new TaskButton("MJ::JOB::variation::" + i + "::" + taskId, "V" + i, ""));
        }
        return List.copyOf(buttons);
    }

    static List<TaskButton> forTask(Task task) {
        if (!task.buttons().isEmpty()) {
            return task.buttons();
        }
        boolean grid = GRID_ACTIONS.contains(task.action().toUpperCase(Locale.ROOT));
        return grid && task.status() == Task.Status.SUCCESS ? standard(task.id()) : List.of();
    }

    /** {@code MJ::JOB::upsample::N::…}, {@code MJ::JOB::variation::N::…} or {@code MJ::JOB::reroll::0::…}. */
    static Change change(String customId) {
        String[] parts = customId.split("::");
        if (parts.length >= 5 && parts[0].equals("MJ") && parts[1].equals("JOB")) {
            int index = index(parts[3]);
            switch (parts[2]) {
                case "upsample" -> {
                    if (index >= 1 && index <= 4) {
                        return new Change("UPSCALE", index);
                    }
                }
                case "variation" -> {
                    if (index >= 1 && index <= 4) {
                        return new Change("VARIATION", index);
                    }
                }
                case "reroll" -> {
                    return new Change("REROLL", 0);
                }
                default -> {
                    // upsample_v6_2x_subtle, low_variation, pan_left, …: buttons only the action dialect has.
                }
            }
        }
        throw new MidjourneyException(
                Kind.BAD_RESPONSE,
                "the button " + customId + " is not supported by this proxy (it only knows U1-U4, V1-V4 and reroll)");
    }

    private static int index(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
