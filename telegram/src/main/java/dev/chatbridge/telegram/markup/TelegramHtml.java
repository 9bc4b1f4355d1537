package dev.chatbridge.telegram.markup;

import java.util.List;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Renders a model's Markdown answer as Telegram Bot API HTML ({@code parse_mode=HTML}), walking the CommonMark
 * tree (with GFM strikethrough and tables).
 *
 * <p>Output uses only {@code b i s code pre a blockquote}, properly nested and within Telegram's entity rules:
 * no tag is empty; {@code code} is never inside {@code b i s} (they are closed around it and reopened) and inside a
 * link it becomes plain text; a block quote inside a block quote keeps only the outer tag; a link inside a link
 * (a linked image) keeps only the outer one. Links keep their {@code href} only for http, https, tg and mailto.
 * Code blocks name their language by the info string's first word when it looks like one; the rest of the info
 * string (all of it, when it names no language) stays visible as a line of text above the code. Headings become a bold line, list items
 * {@code "• "} or {@code "1. "} lines indented two spaces per nesting level,
 * tables a {@code pre} block with padded columns, a thematic break {@code ———}, and raw HTML is shown as text.
 * Blocks are separated by a blank line where the source has one and by a line break where it has none.
 *
 * <p>Visible text (tags dropped, entities decoded) is no longer than the Markdown source for ordinary answers, so a
 * source chunk of 4096 chars renders within Telegram's limit. Exceptions: table padding and rules, and ordered
 * lists whose numbers outgrow the source's markers (lazy {@code 1.} numbering: from the 10th item, one char each).
 *
 * <p>Blocks are laid out by {@link BlockRenderer}, their inline content by {@link InlineRenderer}; both write
 * through {@link HtmlOut}.
 */
public final class TelegramHtml {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(
                    StrikethroughExtension.builder().requireTwoTildes(true).build(), TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    private TelegramHtml() {}

    /** The Markdown as Telegram HTML, without trailing white space; empty when nothing visible is left. */
    public static String render(String markdown) {
        HtmlOut out = new HtmlOut();
        PARSER.parse(markdown).accept(new BlockRenderer(out));
        return out.toString().stripTrailing();
    }
}
