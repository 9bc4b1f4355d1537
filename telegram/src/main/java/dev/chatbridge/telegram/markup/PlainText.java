package dev.chatbridge.telegram.markup;

import org.commonmark.node.Block;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

/**
 * The text of a subtree without its markup: an image's alt text, a table cell, and the fallback for nesting too
 * deep to render.
 */
final class PlainText {

    private PlainText() {}

    /** The text content of a subtree, walked without recursion. */
    static String of(Node root) {
        StringBuilder text = new StringBuilder();
        Node node = root.getFirstChild();
        while (node != null) {
            switch (node) {
                case Text t -> text.append(t.getLiteral());
                case Code c -> text.append(c.getLiteral());
                case HtmlInline h -> text.append(h.getLiteral());
                case FencedCodeBlock b -> text.append(FenceInfo.of(b).plain());
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

    /** A code or HTML block's literal without the line break that ends it. */
    static String withoutFinalNewline(String literal) {
        return literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
    }
}
