package dev.chatbridge.core.delivery;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A Markdown source cut into lines at {@code \n}, each classified by the fence state. */
class MarkdownLines {

    /** What a line is, by the fence state where it begins. */
    enum Kind {
        TEXT,
        CODE,
        OPENING,
        CLOSING
    }

    final String text;
    final int[] start; // start[i] is where line i begins; start[count] == text.length() + 1
    final Kind[] kind;
    final @Nullable CodeFence[] fenceBefore; // the fence open where line i begins
    final boolean[] blank;
    final @Nullable CodeFence fenceAtEnd;

    MarkdownLines(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            starts.add(i + 1);
        }
        int count = starts.size();
        start = new int[count + 1];
        for (int i = 0; i < count; i++) {
            start[i] = starts.get(i);
        }
        start[count] = text.length() + 1;
        kind = new Kind[count];
        fenceBefore = new CodeFence[count];
        blank = new boolean[count];
        CodeFence open = null;
        for (int i = 0; i < count; i++) {
            String line = line(i);
            fenceBefore[i] = open;
            blank[i] = line.isBlank();
            if (open == null) {
                open = CodeFence.opening(line);
                kind[i] = open == null ? Kind.TEXT : Kind.OPENING;
            } else if (open.isClosedBy(line)) {
                open = null;
                kind[i] = Kind.CLOSING;
            } else {
                kind[i] = Kind.CODE;
            }
        }
        fenceAtEnd = open;
    }

    /** Line {@code i} without its line break (and without a {@code \r} before it). */
    final String line(int i) {
        int end = Math.min(start[i + 1] - 1, text.length());
        if (end > start[i] && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start[i], end);
    }

    /** The line holding position {@code p}; a position at a line start belongs to that line. */
    final int lineOf(int p) {
        int lo = 0;
        int hi = kind.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (start[mid] <= p) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
