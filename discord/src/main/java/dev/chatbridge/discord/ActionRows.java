package dev.chatbridge.discord;

import dev.chatbridge.core.delivery.Button;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;

/**
 * The core's button rows as Discord action rows. Discord allows 5 buttons per row, 5 rows and 80-character labels:
 * longer rows are wrapped, and when that makes more than 5 rows all buttons are repacked 5 to a row (at most 25).
 */
final class ActionRows {

    private static final int MAX_ROWS = 5;
    private static final int MAX_PER_ROW = 5;
    private static final int MAX_LABEL = 80;

    private ActionRows() {}

    static List<ActionRow> of(List<List<Button>> rows) {
        List<List<Button>> wrapped =
                rows.stream().flatMap(row -> chunk(row).stream()).toList();
        if (wrapped.size() > MAX_ROWS) {
            wrapped = chunk(rows.stream()
                    .flatMap(List::stream)
                    .limit((long) MAX_ROWS * MAX_PER_ROW)
                    .toList());
        }
        return wrapped.stream()
                .map(row -> ActionRow.of(row.stream()
                        .map(button -> net.dv8tion.jda.api.components.buttons.Button.secondary(
                                button.key(),
                                button.text().length() <= MAX_LABEL
                                        ? button.text()
                                        : button.text().substring(0, MAX_LABEL - 1) + "…"))
                        .toList()))
                .toList();
    }

    private static List<List<Button>> chunk(List<Button> row) {
        List<List<Button>> chunks = new ArrayList<>();
        for (int i = 0; i < row.size(); i += MAX_PER_ROW) {
            chunks.add(row.subList(i, Math.min(row.size(), i + MAX_PER_ROW)));
        }
        return chunks;
    }
}
