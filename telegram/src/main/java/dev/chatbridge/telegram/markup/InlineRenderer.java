package dev.chatbridge.telegram.markup;

import java.util.List;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Emphasis;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;

/**
 * Renders the inline content of a paragraph or heading: emphasis as {@code b i s} (never doubled), code spans with
 * the formatting around them closed (Telegram forbids {@code code} inside it) and as plain text inside a link,
 * links and linked images with a safe {@code href} (never nested), raw HTML as text.
 */
final class InlineRenderer extends AbstractVisitor {
    private final HtmlOut out;
    private final Nesting nesting;

    InlineRenderer(HtmlOut out, Nesting nesting) {
        this.out = out;
        this.nesting = nesting;
    }

    /** Renders the inline children of a paragraph or heading. */
    void children(Node parent) {
        visitChildren(parent);
    }

    /** Renders the children inside {@code tag}, unless that tag is open already. */
    void styled(String tag, Node node) {
        if (out.isOpen(tag)) {
            visitChildren(node);
            return;
        }
        out.open(tag, "<" + tag + ">");
        visitChildren(node);
        out.close();
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
        String href = LinkHref.of(link.getDestination());
        if (href == null || out.isOpen("a")) {
            visitChildren(link);
            return;
        }
        out.open("a", "<a href=\"" + HtmlEscape.attribute(href) + "\">");
        int before = out.textWrites();
        visitChildren(link);
        if (out.textWrites() == before) {
            out.text(link.getDestination());
        }
        out.close();
    }

    @Override
    public void visit(Image image) {
        String alt = PlainText.of(image);
        String href = LinkHref.of(image.getDestination());
        if (href == null || out.isOpen("a")) {
            out.text(alt);
            return;
        }
        out.open("a", "<a href=\"" + HtmlEscape.attribute(href) + "\">");
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
        if (!nesting.enter()) {
            out.text(PlainText.of(parent));
            return;
        }
        super.visitChildren(parent);
        nesting.leave();
    }
}
