package dev.chatbridge.core.delivery;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Splits a model's Markdown answer into messages of at most {@code maxLength} Java chars, keeping fenced code
 * blocks valid in every message.
 *
 * <p>Where to cut: the splitter looks backwards from the limit for, in this order, a block break (after a blank
 * line, after a closing fence, before an opening fence or a heading) in the last half of the room; a line break in
 * the last half; a block or line break in the last three quarters; a whitespace or CJK sentence end ({@code 。！？；})
 * in the last three quarters; and finally a hard cut at the limit that keeps grapheme clusters (emoji, flags) and
 * always UTF-16 surrogate pairs together. So a line break near the limit beats a paragraph break far from it, and a
 * chunk is shorter than a quarter of the room only when the fence rules below leave no other cut (for example a
 * {@code ```} in mid-line followed by more than a chunk of text without a backtick).
 *
 * <p>Code fences follow CommonMark: a line of 3+ backticks or tildes indented at most 3 spaces opens a fence (a
 * backtick fence's info string may not contain a backtick) and a line of at least as many of the same character,
 * followed only by spaces, closes it. When a chunk ends inside a fence, a closing fence line is appended to it and
 * the next chunk starts with a copy of the opening line, info string included; both count toward the limit. The
 * splitter never cuts inside a fence line, directly after an opening line or directly before a closing line, nor
 * inside a line where a piece of it would read as a fence line at the start or end of a chunk.
 *
 * <p>Guarantees: every chunk is at most {@code maxLength}; the chunks minus the added fence lines concatenate to
 * the input exactly; every chunk has balanced fences if the input has. Limits: fences nested deeper than 3 spaces
 * (in a list item) or inside a block quote are not tracked; a source that ends inside an unclosed fence gives a
 * last chunk that ends the same way (use {@link #balanceFences}); if a fence line is so long that reopening it would
 * take more than half the room, that fence is split like plain text.
 */
public final class MessageSplitter {

    private enum Level {
        BLOCK,
        LINE,
        SPACE,
        NONE
    }

    private enum Kind {
        TEXT,
        CODE,
        OPENING,
        CLOSING
    }

    /** The opening line of a fenced code block, without its line break. */
    private record Fence(String openingLine, int indent, char marker, int length) {

        String reopen() {
            return openingLine + "\n";
        }

        String close(boolean atLineStart) {
            return (atLineStart ? "" : "\n")
                    + " ".repeat(indent)
                    + String.valueOf(marker).repeat(length);
        }

        boolean isClosedBy(String line) {
            int indent = leadingSpaces(line);
            int run = run(line, indent, marker);
            return indent <= 3 && run >= length && line.substring(indent + run).isBlank();
        }

        static @Nullable Fence opening(String line) {
            int indent = leadingSpaces(line);
            if (indent > 3 || indent >= line.length()) {
                return null;
            }
            char marker = line.charAt(indent);
            int run = run(line, indent, marker);
            if ((marker != '`' && marker != '~') || run < 3) {
                return null;
            }
            if (marker == '`' && line.indexOf('`', indent + run) >= 0) {
                return null;
            }
            return new Fence(line, indent, marker, run);
        }
    }

    /** A chunk as cut from the source: {@code body} is a verbatim slice, {@code reopen} and {@code close} are added. */
    record Chunk(String reopen, String body, String close) {
        String text() {
            return reopen + body + close;
        }
    }

    private MessageSplitter() {}

    /** Splits {@code markdown} into chunks of at most {@code maxLength} chars; empty text gives no chunks. */
    public static List<String> split(String markdown, int maxLength) {
        return chunks(markdown, maxLength).stream().map(Chunk::text).toList();
    }

    /** Returns the text with a closing fence appended if it ends inside an open fence, for a partial answer. */
    public static String balanceFences(String partialMarkdown) {
        Lines lines = new Lines(partialMarkdown);
        Fence open = lines.fenceAtEnd;
        return open == null ? partialMarkdown : partialMarkdown + open.close(partialMarkdown.endsWith("\n"));
    }

    static List<Chunk> chunks(String markdown, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2 (a surrogate pair): " + maxLength);
        }
        if (markdown.isEmpty()) {
            return List.of();
        }
        if (markdown.length() <= maxLength) {
            return List.of(new Chunk("", markdown, ""));
        }
        Cutter cutter = new Cutter(markdown, maxLength);
        List<Chunk> chunks = new ArrayList<>();
        int pos = 0;
        Fence carried = null;
        while (true) {
            String reopen = carried == null ? "" : carried.reopen();
            int room = maxLength - reopen.length();
            if (markdown.length() - pos <= room) {
                chunks.add(new Chunk(reopen, markdown.substring(pos), ""));
                return chunks;
            }
            int end = cutter.cut(pos, room);
            Fence open = cutter.repairableFenceAt(end);
            String body = markdown.substring(pos, end);
            chunks.add(new Chunk(reopen, body, open == null ? "" : open.close(body.endsWith("\n"))));
            pos = end;
            carried = open;
        }
    }

    /** The source cut into lines at {@code \n}, each classified by the fence state. */
    private static class Lines {
        final String text;
        final int[] start; // start[i] is where line i begins; start[count] == text.length() + 1
        final Kind[] kind;
        final @Nullable Fence[] fenceBefore; // the fence open where line i begins
        final boolean[] blank;
        final @Nullable Fence fenceAtEnd;

        Lines(String text) {
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
            fenceBefore = new Fence[count];
            blank = new boolean[count];
            Fence open = null;
            for (int i = 0; i < count; i++) {
                String line = line(i);
                fenceBefore[i] = open;
                blank[i] = line.isBlank();
                if (open == null) {
                    open = Fence.opening(line);
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

    /** Finds the best cut for one chunk; see the class comment for the order of preference. */
    private static final class Cutter extends Lines {
        private final int maxLength;
        private final BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        private final Set<Fence> broken = Collections.newSetFromMap(new IdentityHashMap<>());

        Cutter(String text, int maxLength) {
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
            Fence open = fenceBefore[lineOf(p)];
            if (open != null) {
                broken.add(open);
            }
            return p;
        }

        /** The chunk size if cut at {@code p}, including the closing fence line but not the reopen line. */
        private int size(int pos, int p, int lineIndex) {
            Fence open = fenceBefore[lineIndex];
            if (open == null || !isRepairable(open)) {
                return p - pos;
            }
            return p - pos + (text.charAt(p - 1) == '\n' ? 0 : 1) + open.indent() + open.length();
        }

        /** The fence to close at a cut at {@code p}, if there is one and reopening it fits comfortably. */
        @Nullable
        Fence repairableFenceAt(int p) {
            Fence open = fenceBefore[lineOf(p)];
            return open != null && isRepairable(open) ? open : null;
        }

        private boolean isRepairable(Fence fence) {
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
            return kind[lineIndex] != Kind.OPENING
                    && kind[lineIndex] != Kind.CLOSING
                    && !makesFenceLine(pos, p, lineIndex);
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
            Fence open = fenceBefore[lineIndex];
            return isFenceLine(Math.max(start[lineIndex], pos), p, open) || isFenceLine(p, lineEnd, open);
        }

        private boolean isFenceLine(int from, int to, @Nullable Fence open) {
            int i = from;
            while (i < to && i - from < 3 && text.charAt(i) == ' ') {
                i++;
            }
            if (i + 3 > to || !((text.startsWith("```", i) || text.startsWith("~~~", i)))) {
                return false; // the cheap test that nearly every position fails
            }
            String piece = text.substring(from, to);
            return open == null ? Fence.opening(piece) != null : open.isClosedBy(piece);
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
            int hashes = run(trimmed, 0, '#');
            return line.length() - trimmed.length() <= 3
                    && hashes >= 1
                    && hashes <= 6
                    && (hashes == trimmed.length() || trimmed.charAt(hashes) == ' ');
        }
    }

    private static int leadingSpaces(String line) {
        return run(line, 0, ' ');
    }

    private static int run(String s, int from, char c) {
        int i = from;
        while (i < s.length() && s.charAt(i) == c) {
            i++;
        }
        return i - from;
    }
}
