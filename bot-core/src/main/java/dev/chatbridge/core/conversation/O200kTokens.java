package dev.chatbridge.core.conversation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts o200k_base tokens with the ranks held in three flat arrays (about 4 MB) instead of jtokkit's two hash maps of
 * boxed entries (about 33 MB of the idle heap). The ranks are jtokkit's own file, the split into pieces is its regular
 * expression, and the merge is tiktoken's byte-pair merge (lowest rank first, leftmost on a tie), so the counts are
 * jtokkit's; {@code O200kTokensTest} compares the two.
 */
final class O200kTokens {

    /** The ranks file inside the jtokkit jar: one {@code base64 rank} line per token, ranks 0, 1, 2, ... in order. */
    private static final String RANKS = "/com/knuddels/jtokkit/o200k_base.tiktoken";

    /** jtokkit's o200k_base pattern (tiktoken's), compiled with the same flag. */
    private static final Pattern PIECES = Pattern.compile(
            String.join(
                    "|",
                    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
                            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
                    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
                            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
                    "\\p{N}{1,3}",
                    " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
                    "\\s*[\\r\\n]+",
                    "\\s+(?!\\S)",
                    "\\s+"),
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final int NONE = Integer.MAX_VALUE;

    /** Every token's bytes, in rank order: token r is {@code bytes[offsets[r] .. offsets[r + 1])}. */
    private final byte[] bytes;

    private final int[] offsets;

    /** Open addressing over the tokens' bytes: rank + 1, or 0 for an empty slot. */
    private final int[] slots;

    private O200kTokens(byte[] bytes, int[] offsets) {
        this.bytes = bytes;
        this.offsets = offsets;
        int tokens = offsets.length - 1;
        this.slots = new int[Integer.highestOneBit(tokens * 2 - 1) << 1];
        int mask = slots.length - 1;
        for (int rank = 0; rank < tokens; rank++) {
            int slot = hash(bytes, offsets[rank], offsets[rank + 1]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = rank + 1;
        }
    }

    static O200kTokens load() {
        try (InputStream in = O200kTokens.class.getResourceAsStream(RANKS)) {
            if (in == null) {
                throw new IllegalStateException(RANKS + " is missing from the class path (jtokkit)");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
            Base64.Decoder base64 = Base64.getDecoder();
            byte[] bytes = new byte[1 << 21];
            int[] offsets = new int[200_001];
            int tokens = 0;
            int length = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                int space = line.indexOf(' ');
                if (space < 0 || Integer.parseInt(line, space + 1, line.length(), 10) != tokens) {
                    throw new IllegalStateException(RANKS + ": expected rank " + tokens + " in line \"" + line + '"');
                }
                byte[] token = base64.decode(line.substring(0, space));
                if (length + token.length > bytes.length) {
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
                System.arraycopy(token, 0, bytes, length, token.length);
                length += token.length;
                if (tokens + 2 > offsets.length) {
                    offsets = Arrays.copyOf(offsets, offsets.length * 2);
                }
                offsets[++tokens] = length;
            }
            return new O200kTokens(Arrays.copyOf(bytes, length), Arrays.copyOf(offsets, tokens + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RANKS, e);
        }
    }

    /** Tokens of the text as ordinary text (special tokens such as {@code <|endoftext|>} count as their characters). */
    int count(String text) {
        int count = 0;
        Matcher pieces = PIECES.matcher(text);
        while (pieces.find()) {
            count += countPiece(text.substring(pieces.start(), pieces.end()).getBytes(StandardCharsets.UTF_8));
        }
        return count;
    }

    /**
     * tiktoken's byte-pair merge of one piece: start from single bytes and merge the adjacent pair whose bytes form the
     * token of the lowest rank (the leftmost on a tie) until no pair forms a token; the parts left are the tokens. A heap
     * of (rank, position) keeps long pieces (a run of letters without spaces) at n log n.
     */
    private int countPiece(byte[] piece) {
        int n = piece.length;
        if (n <= 1 || rank(piece, 0, n) >= 0) {
            return Math.min(n, 1);
        }
        // Parts are runs of the piece, named by their first byte: next[i] is where the part after i starts (n: none).
        int[] next = new int[n + 1];
        int[] prev = new int[n];
        int[] pairRank = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1;
            prev[i] = i - 1;
        }
        next[n] = n;
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            pairRank[i] = pairRank(piece, i, next);
            if (pairRank[i] != NONE) {
                heap.add(pairRank[i], i);
            }
        }
        pairRank[n - 1] = NONE;
        int parts = n;
        while (!heap.isEmpty()) {
            long top = heap.poll();
            int rank = (int) (top >>> 32);
            int at = (int) top;
            if (pairRank[at] != rank) {
                continue; // stale: this part was merged into the one before it, or its pair changed
            }
            int absorbed = next[at];
            next[at] = next[absorbed];
            if (next[at] < n) {
                prev[next[at]] = at;
            }
            pairRank[absorbed] = NONE;
            parts--;
            pairRank[at] = pairRank(piece, at, next);
            if (pairRank[at] != NONE) {
                heap.add(pairRank[at], at);
            }
            int before = prev[at];
            if (before >= 0) {
                pairRank[before] = pairRank(piece, before, next);
                if (pairRank[before] != NONE) {
                    heap.add(pairRank[before], before);
                }
            }
        }
        return parts;
    }

    /** The rank of the part at {@code at} merged with the part after it, or {@link #NONE}. */
    private int pairRank(byte[] piece, int at, int[] next) {
        int second = next[at];
        if (second >= piece.length) {
            return NONE;
        }
        int rank = rank(piece, at, next[second]);
        return rank < 0 ? NONE : rank;
    }

    /** The rank of {@code piece[from .. to)} as one token, or -1. */
    int rank(byte[] piece, int from, int to) {
        int mask = slots.length - 1;
        int length = to - from;
        for (int slot = hash(piece, from, to) & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                return -1;
            }
            int rank = entry - 1;
            int start = offsets[rank];
            if (offsets[rank + 1] - start == length && Arrays.equals(bytes, start, start + length, piece, from, to)) {
                return rank;
            }
        }
    }

    private static int hash(byte[] bytes, int from, int to) {
        int hash = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            hash = (hash ^ (bytes[i] & 0xff)) * 0x01000193;
        }
        return hash ^ (hash >>> 16);
    }

    /** A binary min-heap of (rank, position) pairs packed into longs: rank in the high half, so ties go leftmost. */
    private static final class LongHeap {
        private long[] items;
        private int size;

        LongHeap(int capacity) {
            items = new long[Math.max(capacity, 4)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void add(int rank, int position) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            long item = ((long) rank << 32) | position;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (items[parent] <= item) {
                    break;
                }
                items[i] = items[parent];
                i = parent;
            }
            items[i] = item;
        }

        long poll() {
            long top = items[0];
            long last = items[--size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < size && items[child + 1] < items[child]) {
                    child++;
                }
                if (last <= items[child]) {
                    break;
                }
                items[i] = items[child];
                i = child;
            }
            items[i] = last;
            return top;
        }
    }
}
