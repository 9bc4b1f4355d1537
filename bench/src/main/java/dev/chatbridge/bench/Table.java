package dev.chatbridge.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * One table of two runs of the same scenarios: a build from before a change and the current one. Rows are
     * matched by scenario; a row only one run has shows a dash in the other column. The verdict is the current
     * run's.
     */
    static String beforeAfter(Table before, Table after) {
        Map<String, Row> beforeRows = new LinkedHashMap<>();
        for (Row row : before.rowsCopy()) {
            beforeRows.putIfAbsent(row.scenario(), row);
        }
        StringBuilder out = new StringBuilder();
        out.append("| scenario | before | after | target | result |\n|---|---|---|---|---|\n");
        for (Row row : after.rowsCopy()) {
            Row old = beforeRows.remove(row.scenario());
            out.append(
                    line(row.scenario(), old == null ? "—" : old.figure(), row.figure(), row.target(), row.verdict()));
        }
        for (Row old : beforeRows.values()) {
            out.append(line(old.scenario(), old.figure(), "—", old.target(), ""));
        }
        return out.toString();
    }

    private synchronized List<Row> rowsCopy() {
        return List.copyOf(rows);
    }

    private static String line(String scenario, String before, String after, String target, String verdict) {
        return "| " + cell(scenario) + " | " + cell(before) + " | " + cell(after) + " | " + cell(target) + " | "
                + verdict + " |\n";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
