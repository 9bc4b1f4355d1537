package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.Button;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays out a finished task's buttons in the rows Discord shows them in. Proxies send the buttons as one flat list,
 * so the rows are rebuilt from the customIds: on a grid U1–U4 with 🔄, then V1–V4; on an upscaled image Upscale
 * (Subtle/Creative), then Vary (Subtle/Strong/Region), then Zoom Out 2x/1.5x, Custom Zoom and Make Square, then the
 * pan arrows; anything else (Animate, …) below, five to a row. Favorite is left off: it rates the job in the
 * proxy owner's Midjourney account and draws nothing (link buttons such as Web never get this far: they have no
 * customId). The result stays within Discord's 5 rows of 5; every button gets a short key in shared storage,
 * because customIds (up to ~90 characters) do not fit Telegram's 64-byte callback data.
 */
final class GridButtons {

    static final int MAX_ROWS = 5;
    static final int MAX_PER_ROW = 5;
    private static final Logger log = LoggerFactory.getLogger(GridButtons.class);

    /** The rows, in Discord's order. */
    private enum Row {
        UPSCALE_GRID,
        VARIATION_GRID,
        UPSCALE,
        VARY,
        ZOOM,
        PAN,
        OTHER
    }

    private GridButtons() {}

    static List<List<Button>> rows(ButtonKeys keys, ImagineJob job, Task task, List<TaskButton> buttons) {
        List<List<Button>> rows = new ArrayList<>();
        for (List<TaskButton> row : layout(buttons)) {
            List<Button> faces = new ArrayList<>(row.size());
            for (TaskButton button : row) {
                String key = keys.create(new ButtonKeys.Target(
                        task.id(), button.customId(), job.ownerUserId(), job.platform(), job.chatId(), job.prompt()));
                // Custom Zoom asks before the proxy is called: its key says so, for platforms that open a form at once.
                boolean asksFirst = ModalKind.ofCustomId(button.customId()) == ModalKind.ZOOM;
                faces.add(new Button(button.face(), asksFirst ? AskKeys.pressFormKey(key) : key));
            }
            rows.add(faces);
        }
        return rows;
    }

    /** The buttons in rows of at most 5, at most 5 rows, in Discord's order; the proxy's order within a row. */
    static List<List<TaskButton>> layout(List<TaskButton> buttons) {
        Map<Row, List<TaskButton>> byRow = new EnumMap<>(Row.class);
        for (TaskButton button : buttons) {
            Row row = rowOf(button);
            if (row != null) {
                byRow.computeIfAbsent(row, ignored -> new ArrayList<>()).add(button);
            }
        }
        List<List<TaskButton>> rows = new ArrayList<>();
        byRow.values().forEach(row -> {
            for (int i = 0; i < row.size(); i += MAX_PER_ROW) {
                rows.add(List.copyOf(row.subList(i, Math.min(row.size(), i + MAX_PER_ROW))));
            }
        });
        return fit(rows);
    }

    /** Which row a button belongs in; null for a button left off. */
    private static @Nullable Row rowOf(TaskButton button) {
        String id = button.customId();
        String label = button.label().strip();
        if (id.startsWith("MJ::BOOKMARK::")) {
            return null;
        }
        if (id.startsWith("MJ::JOB::upsample::") || id.startsWith("MJ::JOB::reroll::") || label.matches("U\\d")) {
            return Row.UPSCALE_GRID;
        }
        if (label.matches("V\\d")) {
            return Row.VARIATION_GRID;
        }
        if (id.startsWith("MJ::JOB::upsample_")) {
            return Row.UPSCALE;
        }
        if (id.startsWith("MJ::JOB::low_variation::")
                || id.startsWith("MJ::JOB::high_variation::")
                || id.startsWith("MJ::JOB::variation::")
                || id.startsWith("MJ::Inpaint::")) {
            return Row.VARY;
        }
        if (id.startsWith("MJ::Outpaint::") || id.startsWith("MJ::CustomZoom::")) {
            return Row.ZOOM;
        }
        if (id.startsWith("MJ::JOB::pan_")) {
            return Row.PAN;
        }
        return Row.OTHER;
    }

    /**
     * At most {@link #MAX_ROWS} rows: while there are more, the two neighbouring rows that together are shortest
     * (and fit in one) become one; what still does not fit is left off, last rows first.
     */
    private static List<List<TaskButton>> fit(List<List<TaskButton>> rows) {
        List<List<TaskButton>> fitted = new ArrayList<>(rows);
        while (fitted.size() > MAX_ROWS) {
            int best = -1;
            for (int i = 0; i + 1 < fitted.size(); i++) {
                int size = fitted.get(i).size() + fitted.get(i + 1).size();
                if (size <= MAX_PER_ROW
                        && (best < 0
                                || size
                                        < fitted.get(best).size()
                                                + fitted.get(best + 1).size())) {
                    best = i;
                }
            }
            if (best < 0) {
                List<TaskButton> dropped = fitted.removeLast();
                log.warn("Leaving off {} Midjourney buttons that do not fit in {} rows", dropped.size(), MAX_ROWS);
                continue;
            }
            List<TaskButton> merged = new ArrayList<>(fitted.get(best));
            merged.addAll(fitted.get(best + 1));
            fitted.set(best, List.copyOf(merged));
            fitted.remove(best + 1);
        }
        return List.copyOf(fitted);
    }
}
