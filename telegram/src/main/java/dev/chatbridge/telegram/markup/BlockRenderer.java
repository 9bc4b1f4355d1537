package dev.chatbridge.telegram.markup;

import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Document;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.ThematicBreak;

/**
 * Lays out the blocks: separated as in the source, block quotes (never nested), lists as marker lines, code blocks
 * and tables as {@code pre}, headings as a bold line. The inline content of paragraphs and headings goes to the
 * {@link InlineRenderer}.
 */
final class BlockRenderer extends AbstractVisitor {
    private final HtmlOut out;
    private final Nesting nesting = new Nesting();
    private final InlineRenderer inline;
    private int listDepth;

    BlockRenderer(HtmlOut out) {
        this.out = out;
        this.inline = new InlineRenderer(out, nesting);
    }

    @Override
    public void visit(Document document) {
        blocks(document);
    }

    @Override
    public void visit(Paragraph paragraph) {
        inline.children(paragraph);
    }

    @Override
    public void visit(Heading heading) {
        inline.styled("b", heading);
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
        FenceInfo fence = FenceInfo.of(block);
        if (!fence.rest().isEmpty()) {
            out.text(fence.rest());
            out.separate("\n");
        }
        codeBlock(fence.code(), fence.language());
    }

    @Override
    public void visit(IndentedCodeBlock block) {
        codeBlock(PlainText.withoutFinalNewline(block.getLiteral()), "");
    }

    @Override
    public void visit(HtmlBlock block) {
        out.text(PlainText.withoutFinalNewline(block.getLiteral()));
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
    protected void visitChildren(Node parent) {
        if (!nesting.enter()) {
            out.text(PlainText.of(parent));
            return;
        }
        super.visitChildren(parent);
        nesting.leave();
    }

    /** Renders child blocks, separated as in the source: a blank line if it had one, else a line break. */
    private void blocks(Node parent) {
        if (!nesting.enter()) {
            out.text(PlainText.of(parent));
            return;
        }
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
        nesting.leave();
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

    /** {@code code} without the line break that ends the block. */
    private void codeBlock(String code, String language) {
        out.open("pre", "<pre>");
        if (!language.isEmpty()) {
            out.open("code", "<code class=\"language-" + HtmlEscape.attribute(language) + "\">");
        }
        out.text(code);
        if (!language.isEmpty()) {
            out.close();
        }
        out.close();
    }

    private static boolean blankLineBetween(Node previous, Node next) {
        List<SourceSpan> before = previous.getSourceSpans();
        List<SourceSpan> after = next.getSourceSpans();
        if (before.isEmpty() || after.isEmpty()) {
            return true;
        }
        return after.get(0).getLineIndex() - before.get(before.size() - 1).getLineIndex() > 1;
    }
}
