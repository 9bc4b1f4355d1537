package dev.chatbridge.core.delivery;

import java.util.ArrayList;
import java.util.List;

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
        MarkdownLines lines = new MarkdownLines(partialMarkdown);
        CodeFence open = lines.fenceAtEnd;
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
        ChunkCutter cutter = new ChunkCutter(markdown, maxLength);
        List<Chunk> chunks = new ArrayList<>();
        int pos = 0;
        CodeFence carried = null;
        while (true) {
            String reopen = carried == null ? "" : carried.reopen();
            int room = maxLength - reopen.length();
            if (markdown.length() - pos <= room) {
                chunks.add(new Chunk(reopen, markdown.substring(pos), ""));
                return chunks;
            }
            int end = cutter.cut(pos, room);
            CodeFence open = cutter.repairableFenceAt(end);
            String body = markdown.substring(pos, end);
            chunks.add(new Chunk(reopen, body, open == null ? "" : open.close(body.endsWith("\n"))));
            pos = end;
            carried = open;
        }
    }
}
