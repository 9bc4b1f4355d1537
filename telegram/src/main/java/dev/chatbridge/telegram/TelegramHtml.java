package dev.chatbridge.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Block;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Document;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.jspecify.annotations.Nullable;

/**
 * Renders a model's Markdown answer as Telegram Bot API HTML ({@code parse_mode=HTML}), walking the CommonMark
 * tree (with GFM strikethrough and tables).
 *
 * <p>Output uses only {@code b i s code pre a blockquote}, properly nested and within Telegram's entity rules:
 * no tag is empty; {@code code} is never inside {@code b i s} (they are closed around it and reopened) and inside a
 * link it becomes plain text; a block quote inside a block quote keeps only the outer tag; a link inside a link
 * (a linked image) keeps only the outer one. Links keep their {@code href} only for http, https, tg and mailto.
 * Code blocks name their language by the info string's first word. Headings become a bold line, list items
 * {@code "• "} or {@code "1. "} lines indented two spaces per nesting level,
 * tables a {@code pre} block with padded columns, a thematic break {@code ———}, and raw HTML is shown as text.
 * Blocks are separated by a blank line where the source has one and by a line break where it has none.
 *
 * <p>Visible text (tags dropped, entities decoded) is no longer than the Markdown source for ordinary answers, so a
 * source chunk of 4096 chars renders within Telegram's limit. Exceptions: table padding and rules, and ordered
 * lists whose numbers outgrow the source's markers (lazy {@code 1.} numbering: from the 10th item, one char each).
 */
final class TelegramHtml {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(
                    StrikethroughExtension.builder().requireTwoTildes(true).build(), TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "tg", "mailto");

    /** Deeper nesting (only adversarial input has it) is rendered as plain text instead of recursing further. */
    private static final int MAX_DEPTH = 64;

    private TelegramHtml() {}

    static String render(String markdown) {
        HtmlOut out = new HtmlOut();
        PARSER.parse(markdown).accept(new Renderer(out));
        return out.toString().stripTrailing();
    }

    private static final class Renderer extends AbstractVisitor {
        private final HtmlOut out;
        private int listDepth;
        private int depth;

        Renderer(HtmlOut out) {
            this.out = out;
        }

        @Override
        public void visit(Document document) {
            blocks(document);
        }

        @Override
        public void visit(Paragraph paragraph) {
            visitChildren(paragraph);
        }

        @Override
        public void visit(Heading heading) {
            styled("b", heading);
        }

        @Override
        public void visit(BlockQuote quote) {
            if (out.isOpen("blockquote")) {
                blocks(quote); // Telegram can't nest block quotes
                return;
            }
            out.open("blockquote", "<blockquote>");
            blocks(quote);
            out.close();
        }

        @Override
        public void visit(BulletList list) {
            list(list, -1);
        }

        @Override
        public void visit(OrderedList list) {
            Integer start = list.getMarkerStartNumber();
            list(list, start == null ? 1 : start);
        }

        @Override
        public void visit(FencedCodeBlock block) {
            String info = block.getInfo() == null ? "" : block.getInfo().strip();
            codeBlock(block.getLiteral(), info.isEmpty() ? "" : info.split("\\s+", 2)[0]);
        }

        @Override
        public void visit(IndentedCodeBlock block) {
            codeBlock(block.getLiteral(), "");
        }

        @Override
        public void visit(HtmlBlock block) {
            out.text(withoutFinalNewline(block.getLiteral()));
        }

        @Override
        public void visit(ThematicBreak thematicBreak) {
            out.text("———");
        }

        @Override
        public void visit(LinkReferenceDefinition definition) {
            // consumed by the links that use it
        }

        @Override
        public void visit(CustomBlock block) {
            if (block instanceof TableBlock table) {
                out.open("pre", "<pre>");
                out.text(TableText.of(table));
                out.close();
            } else {
                visitChildren(block);
            }
        }

        @Override
        public void visit(Text text) {
            out.text(text.getLiteral());
        }

        @Override
        public void visit(Code code) {
            if (out.isOpen("a")) {
                out.text(code.getLiteral()); // Telegram: code can't be part of a link
                return;
            }
            List<HtmlOut.Tag> suspended = out.suspendInlineTags();
            out.open("code", "<code>");
            out.text(code.getLiteral());
            out.close();
            out.resume(suspended);
        }

        @Override
        public void visit(Emphasis emphasis) {
            styled("i", emphasis);
        }

        @Override
        public void visit(StrongEmphasis strong) {
            styled("b", strong);
        }

        @Override
        public void visit(CustomNode node) {
            if (node instanceof Strikethrough) {
                styled("s", node);
            } else {
                visitChildren(node);
            }
        }

        @Override
        public void visit(Link link) {
            String href = safeHref(link.getDestination());
            if (href == null || out.isOpen("a")) {
                visitChildren(link);
                return;
            }
            out.open("a", "<a href=\"" + escape(href, true) + "\">");
            int before = out.textWrites();
            visitChildren(link);
            if (out.textWrites() == before) {
                out.text(link.getDestination());
            }
            out.close();
        }

        @Override
        public void visit(Image image) {
            String alt = plainText(image);
            String href = safeHref(image.getDestination());
            if (href == null || out.isOpen("a")) {
                out.text(alt);
                return;
            }
            out.open("a", "<a href=\"" + escape(href, true) + "\">");
            out.text(alt.isBlank() ? image.getDestination() : alt);
            out.close();
        }

        @Override
        public void visit(SoftLineBreak lineBreak) {
            out.text("\n");
        }

        @Override
        public void visit(HardLineBreak lineBreak) {
            out.text("\n");
        }

        @Override
        public void visit(HtmlInline html) {
            out.text(html.getLiteral());
        }

        @Override
        protected void visitChildren(Node parent) {
            if (depth >= MAX_DEPTH) {
                out.text(plainText(parent));
                return;
            }
            depth++;
            super.visitChildren(parent);
            depth--;
        }

        /** Renders child blocks, separated as in the source: a blank line if it had one, else a line break. */
        private void blocks(Node parent) {
            if (depth >= MAX_DEPTH) {
                out.text(plainText(parent));
                return;
            }
            depth++;
            Node previous = null;
            for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof LinkReferenceDefinition) {
                    continue;
                }
                if (previous != null) {
                    out.separate(blankLineBetween(previous, child) ? "\n\n" : "\n");
                }
                child.accept(this);
                previous = child;
            }
            depth--;
        }

        private void list(ListBlock list, int start) {
            listDepth++;
            String indent = "  ".repeat(listDepth - 1);
            // A list that opens its parent item ("- - x") starts on the parent's marker line.
            boolean onMarkerLine = list.getParent() instanceof ListItem && list.getPrevious() == null;
            int number = start;
            Node previous = null;
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                if (previous != null) {
                    out.separate(blankLineBetween(previous, item) ? "\n\n" : "\n");
                }
                String marker = start < 0 ? "•" : number++ + ".";
                String itemIndent = previous == null && onMarkerLine ? "" : indent;
                out.text(itemIndent + marker + (item.getFirstChild() == null ? "" : " "));
                blocks(item);
                previous = item;
            }
            listDepth--;
        }

        private void styled(String tag, Node node) {
            if (out.isOpen(tag)) {
                visitChildren(node);
                return;
            }
            out.open(tag, "<" + tag + ">");
            visitChildren(node);
            out.close();
        }

        private void codeBlock(String literal, String language) {
            out.open("pre", "<pre>");
            if (!language.isEmpty()) {
                out.open("code", "<code class=\"language-" + escape(language, true) + "\">");
            }
            out.text(withoutFinalNewline(literal));
            if (!language.isEmpty()) {
                out.close();
            }
            out.close();
        }
    }

    private static boolean blankLineBetween(Node previous, Node next) {
        List<SourceSpan> before = previous.getSourceSpans();
        List<SourceSpan> after = next.getSourceSpans();
        if (before.isEmpty() || after.isEmpty()) {
            return true;
        }
        return after.get(0).getLineIndex() - before.get(before.size() - 1).getLineIndex() > 1;
    }

    /** The destination with unsafe characters percent-encoded, or null unless its scheme may be linked. */
    private static @Nullable String safeHref(String destination) {
        String url = destination.strip();
        int colon = url.indexOf(':');
        if (colon <= 0 || !LINK_SCHEMES.contains(url.substring(0, colon).toLowerCase(Locale.ROOT))) {
            return null;
        }
        StringBuilder href = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                href.append('%').append(String.format("%02X", (int) c));
            } else {
                href.append(c);
            }
        }
        return href.toString();
    }

    /** The text content of a subtree, walked without recursion. */
    static String plainText(Node root) {
        StringBuilder text = new StringBuilder();
        Node node = root.getFirstChild();
        while (node != null) {
            switch (node) {
                case Text t -> text.append(t.getLiteral());
                case Code c -> text.append(c.getLiteral());
                case HtmlInline h -> text.append(h.getLiteral());
                case FencedCodeBlock b -> text.append(withoutFinalNewline(b.getLiteral()));
                case IndentedCodeBlock b -> text.append(withoutFinalNewline(b.getLiteral()));
                case HtmlBlock b -> text.append(withoutFinalNewline(b.getLiteral()));
                case SoftLineBreak b -> text.append('\n');
                case HardLineBreak b -> text.append('\n');
                default -> {}
            }
            if (node.getFirstChild() != null) {
                node = node.getFirstChild();
                continue;
            }
            while (node != root && node.getNext() == null) {
                node = node.getParent();
            }
            if (node == root) {
                break;
            }
            if (node instanceof Block && !text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
            node = node.getNext();
        }
        return text.toString();
    }

    private static String withoutFinalNewline(String literal) {
        return literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
    }

    static String escape(String text, boolean attribute) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append(attribute ? "&quot;" : "\"");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A table as aligned plain text: columns padded to the widest cell, a rule under the header. */
    private static final class TableText {

        static String of(TableBlock table) {
            List<List<String>> rows = new ArrayList<>();
            List<TableCell.@Nullable Alignment> alignments = new ArrayList<>();
            boolean header = false;
            for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
                for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                    List<String> cells = new ArrayList<>();
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        cells.add(plainText(cell).strip().replace('\n', ' '));
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
            int left = alignment == TableCell.Alignment.RIGHT
                    ? gap
                    : alignment == TableCell.Alignment.CENTER ? gap / 2 : 0;
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

    /**
     * The HTML being written. A start tag is written only when text first appears inside it, so no element is
     * empty, and a separator between blocks only when more text follows.
     */
    private static final class HtmlOut {
        private final StringBuilder html = new StringBuilder();
        private final List<Tag> open = new ArrayList<>();
        private String separator = "";
        private int textWrites;

        static final class Tag {
            final String name;
            final String start;
            boolean written;

            Tag(String name, String start) {
                this.name = name;
                this.start = start;
            }
        }

        void open(String name, String start) {
            open.add(new Tag(name, start));
        }

        void close() {
            Tag tag = open.remove(open.size() - 1);
            if (tag.written) {
                html.append("</").append(tag.name).append('>');
            }
        }

        boolean isOpen(String name) {
            return open.stream().anyMatch(tag -> tag.name.equals(name));
        }

        void separate(String wanted) {
            if (!html.isEmpty() && wanted.length() > separator.length()) {
                separator = wanted;
            }
        }

        void text(String text) {
            if (text.isEmpty()) {
                return;
            }
            html.append(separator);
            separator = "";
            for (Tag tag : open) {
                if (!tag.written) {
                    html.append(tag.start);
                    tag.written = true;
                }
            }
            html.append(escape(text, false));
            textWrites++;
        }

        int textWrites() {
            return textWrites;
        }

        /** Closes and sets aside {@code b i s} (everything above the block quote), for a code span. */
        List<Tag> suspendInlineTags() {
            int from = 0;
            for (int i = 0; i < open.size(); i++) {
                if (open.get(i).name.equals("blockquote")) {
                    from = i + 1;
                }
            }
            List<Tag> suspended = new ArrayList<>(open.subList(from, open.size()));
            while (open.size() > from) {
                close();
            }
            return suspended;
        }

        /** Puts suspended tags back; they are written again before the next text. */
        void resume(List<Tag> suspended) {
            for (Tag tag : suspended) {
                open.add(new Tag(tag.name, tag.start));
            }
        }

        @Override
        public String toString() {
            return html.toString();
        }
    }
}
