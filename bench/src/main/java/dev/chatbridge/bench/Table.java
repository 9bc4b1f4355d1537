package dev.chatbridge.bench;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The one table the run prints: a row per figure, with its target and whether the target was met. */
final class Table {

    /** {@code met} is null when the figure has no target. */
    record Row(
            String scenario,
            String figure,
            String target,
            @Nullable Boolean met) {
        String verdict() {
            return met == null ? "" : met ? "met" : "**MISSED**";
        }
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(String scenario, String figure) {
        rows.add(new Row(scenario, figure, "", null));
    }

    synchronized void add(String scenario, String figure, String target, boolean met) {
        rows.add(new Row(scenario, figure, target, met));
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | figure | target | result |\n|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ")
                    .append(cell(row.scenario()))
                    .append(" | ")
                    .append(cell(row.figure()))
                    .append(" | ")
                    .append(cell(row.target()))
                    .append(" | ")
                    .append(row.verdict())
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
