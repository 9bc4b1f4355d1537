package dev.chatbridge.telegram.markup;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.node.Node;
import org.jspecify.annotations.Nullable;

/** A table as aligned plain text: columns padded to the widest cell, a rule under the header. */
final class TableText {

    private TableText() {}

    static String of(TableBlock table) {
        List<List<String>> rows = new ArrayList<>();
        List<TableCell.@Nullable Alignment> alignments = new ArrayList<>();
        boolean header = false;
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                List<String> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    cells.add(PlainText.of(cell).strip().replace('\n', ' '));
                    if (section instanceof TableHead && cell instanceof TableCell tableCell) {
                        alignments.add(tableCell.getAlignment());
                    }
                }
                rows.add(cells);
            }
            header |= section instanceof TableHead;
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = c < rows.get(r).size() ? rows.get(r).get(c) : "";
                line.append(c == 0 ? "" : " | ")
                        .append(pad(cell, widths[c], c < alignments.size() ? alignments.get(c) : null));
            }
            text.append(r == 0 ? "" : "\n").append(line.toString().stripTrailing());
            if (r == 0 && header && rows.size() > 1) {
                text.append('\n');
                for (int c = 0; c < columns; c++) {
                    text.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
                }
            }
        }
        return text.toString();
    }

    private static String pad(String cell, int width, TableCell.@Nullable Alignment alignment) {
        int gap = width - width(cell);
        int left = alignment == TableCell.Alignment.RIGHT ? gap : alignment == TableCell.Alignment.CENTER ? gap / 2 : 0;
        return " ".repeat(left) + cell + " ".repeat(gap - left);
    }

    /** Monospace columns: East Asian wide characters and most emoji take two, marks and joiners none. */
    static int width(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK
                    || type == Character.ENCLOSING_MARK
                    || type == Character.FORMAT
                    || (cp >= 0xFE00 && cp <= 0xFE0F)
                    || (cp >= 0x1F3FB && cp <= 0x1F3FF)) {
                continue;
            }
            width += isWide(cp) ? 2 : 1;
        }
        return width;
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F680 && cp <= 0x1F6FF)
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
