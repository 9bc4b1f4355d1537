package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.Button;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a finished task's buttons the way Midjourney users know them: U1–U4 with 🔄 on the
 * first row, V1–V4 on the second, anything else (upscale variants, zoom, pan) below, three to a
 * row. Every button gets a short key in shared storage, because customIds do not fit callback data.
 */
final class GridButtons {

    private static final int OTHERS_PER_ROW = 3;

    private GridButtons() {}

    static List<List<Button>> rows(ButtonKeys keys, ImagineJob job, Task task, List<TaskButton> buttons) {
        List<Button> upscale = new ArrayList<>();
        List<Button> variation = new ArrayList<>();
        List<Button> other = new ArrayList<>();
        for (TaskButton button : buttons) {
            String key = keys.create(new ButtonKeys.Target(
                    task.id(), button.customId(), job.ownerUserId(), job.platform(), job.chatId(), job.prompt()));
            // Custom Zoom asks before the proxy is called: its key says so, for platforms that open a form at once.
            boolean asksFirst = ModalKind.ofCustomId(button.customId()) == ModalKind.ZOOM;
            Button face = new Button(button.face(), asksFirst ? AskKeys.pressFormKey(key) : key);
            String label = button.label().strip();
            if (label.matches("U\\d") || button.customId().contains("::reroll::")) {
                upscale.add(face);
            } else if (label.matches("V\\d")) {
                variation.add(face);
            } else {
                other.add(face);
            }
        }
        List<List<Button>> rows = new ArrayList<>();
        if (!upscale.isEmpty()) {
            rows.add(upscale);
        }
        if (!variation.isEmpty()) {
            rows.add(variation);
        }
        for (int i = 0; i < other.size(); i += OTHERS_PER_ROW) {
            rows.add(other.subList(i, Math.min(other.size(), i + OTHERS_PER_ROW)));
        }
        return rows;
    }
}
