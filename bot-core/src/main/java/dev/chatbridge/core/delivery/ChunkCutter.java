package dev.chatbridge.core.delivery;

import java.text.BreakIterator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Finds where {@link MessageSplitter} cuts a chunk; see its class comment for the order of preference. */
final class ChunkCutter extends MarkdownLines {

    private enum Level {
        BLOCK,
        LINE,
        SPACE,
        NONE
    }

    private final int maxLength;
    private final BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
    private final Set<CodeFence> broken = Collections.newSetFromMap(new IdentityHashMap<>());

    ChunkCutter(String text, int maxLength) {
        super(text);
        this.maxLength = maxLength;
        graphemes.setText(text);
    }

    /** Returns the end of the chunk starting at {@code pos}, with {@code room} chars left after a reopen line. */
    int cut(int pos, int room) {
        int limit = pos + room;
        int half = pos + room / 2;
        int quarter = pos + room / 4;
        int block = -1;
        int line = -1;
        int lowBreak = -1;
        int space = -1;
        int hard = -1;
        int legal = -1;
        int lineIndex = lineOf(limit);
        for (int p = limit; p > pos; p--) {
            while (p < start[lineIndex]) {
                lineIndex--;
            }
            if (!isLegal(pos, p, lineIndex) || size(pos, p, lineIndex) > room) {
                continue;
            }
            legal = Math.max(legal, p);
            if (hard < 0 && graphemes.isBoundary(p)) {
                hard = p;
            }
            Level level = level(p, lineIndex);
            if (p >= half && level == Level.BLOCK && block < 0) {
                block = p;
                break; // nothing beats it
            }
            if (p >= half && level == Level.LINE && line < 0) {
                line = p;
            }
            if (p >= quarter && (level == Level.BLOCK || level == Level.LINE) && lowBreak < 0) {
                lowBreak = p;
            }
            if (p >= quarter && level == Level.SPACE && space < 0) {
                space = p;
            }
            if (p < quarter && hard >= 0) {
                break;
            }
        }
        for (int candidate : new int[] {block, line, lowBreak, space, hard, legal}) {
            if (candidate > pos) {
                return candidate;
            }
        }
        return fallback(pos, limit);
    }

    /** No clean cut exists (a fence line longer than the room): cut anyway and give up on that fence. */
    private int fallback(int pos, int limit) {
        int p = limit;
        if (Character.isHighSurrogate(text.charAt(p - 1)) && Character.isLowSurrogate(text.charAt(p))) {
            p--;
        }
        CodeFence open = fenceBefore[lineOf(p)];
        if (open != null) {
            broken.add(open);
        }
        return p;
    }

    /** The chunk size if cut at {@code p}, including the closing fence line but not the reopen line. */
    private int size(int pos, int p, int lineIndex) {
        CodeFence open = fenceBefore[lineIndex];
        if (open == null || !isRepairable(open)) {
            return p - pos;
        }
        return p - pos + (text.charAt(p - 1) == '\n' ? 0 : 1) + open.indent() + open.length();
    }

    /** The fence to close at a cut at {@code p}, if there is one and reopening it fits comfortably. */
    @Nullable
    CodeFence repairableFenceAt(int p) {
        CodeFence open = fenceBefore[lineOf(p)];
        return open != null && isRepairable(open) ? open : null;
    }

    private boolean isRepairable(CodeFence fence) {
        int reopen = fence.openingLine().length() + 1;
        int close = 1 + fence.indent() + fence.length();
        return reopen + close <= maxLength / 2 && !broken.contains(fence);
    }

    private boolean isLegal(int pos, int p, int lineIndex) {
        char before = text.charAt(p - 1);
        char after = text.charAt(p);
        if ((Character.isHighSurrogate(before) && Character.isLowSurrogate(after))
                || (before == '\r' && after == '\n')) {
            return false;
        }
        if (p == start[lineIndex]) {
            return kind[lineIndex] != Kind.CLOSING && kind[lineIndex - 1] != Kind.OPENING;
        }
        return kind[lineIndex] != Kind.OPENING && kind[lineIndex] != Kind.CLOSING && !makesFenceLine(pos, p, lineIndex);
    }

    /**
     * Whether a cut inside a line leaves a piece that is a fence line on its own, as {@code ```} of {@code ```x`}:
     * the piece before the cut (from the chunk start, which may be inside this line too) or the piece after it.
     */
    private boolean makesFenceLine(int pos, int p, int lineIndex) {
        int lineEnd = Math.min(start[lineIndex + 1] - 1, text.length());
        if (lineEnd > p && text.charAt(lineEnd - 1) == '\r') {
            lineEnd--;
        }
        CodeFence open = fenceBefore[lineIndex];
        return isFenceLine(Math.max(start[lineIndex], pos), p, open) || isFenceLine(p, lineEnd, open);
    }

    private boolean isFenceLine(int from, int to, @Nullable CodeFence open) {
        int i = from;
        while (i < to && i - from < 3 && text.charAt(i) == ' ') {
            i++;
        }
        if (i + 3 > to || !((text.startsWith("```", i) || text.startsWith("~~~", i)))) {
            return false; // the cheap test that nearly every position fails
        }
        String piece = text.substring(from, to);
        return open == null ? CodeFence.opening(piece) != null : open.isClosedBy(piece);
    }

    private Level level(int p, int lineIndex) {
        char before = text.charAt(p - 1);
        if (before == '\n') {
            boolean block = blank[lineIndex - 1]
                    || kind[lineIndex - 1] == Kind.CLOSING
                    || kind[lineIndex] == Kind.OPENING
                    || (kind[lineIndex] == Kind.TEXT && isHeading(line(lineIndex)));
            return block ? Level.BLOCK : Level.LINE;
        }
        boolean space = Character.isWhitespace(before) || "。！？；".indexOf(before) >= 0;
        return space ? Level.SPACE : Level.NONE;
    }

    private static boolean isHeading(String line) {
        String trimmed = line.stripLeading();
        int hashes = CodeFence.run(trimmed, 0, '#');
        return line.length() - trimmed.length() <= 3
                && hashes >= 1
                && hashes <= 6
                && (hashes == trimmed.length() || trimmed.charAt(hashes) == ' ');
    }
}
