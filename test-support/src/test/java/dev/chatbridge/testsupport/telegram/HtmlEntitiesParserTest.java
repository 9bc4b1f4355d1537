package dev.chatbridge.testsupport.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlEntitiesParserTest {

    @Test
    void decodesTheFourNamedAndNumericEntities() {
        assertThat(HtmlEntitiesParser.parse("&lt;a&gt; &amp; &quot;q&quot; &#33; &#x1F600;")
                        .text())
                .isEqualTo("<a> & \"q\" ! 😀");
    }

    @Test
    void producesEntitiesWithUtf16Offsets() {
        FormattedText text = HtmlEntitiesParser.parse("😀 <b>bold <i>both</i></b> <a href=\"https://x.test\">link</a>");

        assertThat(text.text()).isEqualTo("😀 bold both link");
        assertThat(text.entities().toString())
                .isEqualTo("[{\"type\":\"bold\",\"offset\":3,\"length\":9},"
                        + "{\"type\":\"italic\",\"offset\":8,\"length\":4},"
                        + "{\"type\":\"text_link\",\"offset\":13,\"length\":4,\"url\":\"https://x.test\"}]");
    }

    @Test
    void foldsCodeWithALanguageIntoItsPre() {
        FormattedText text = HtmlEntitiesParser.parse("<pre><code class=\"language-java\">int x;</code></pre>");

        assertThat(text.entities().toString())
                .isEqualTo("[{\"type\":\"pre\",\"offset\":0,\"length\":6,\"language\":\"java\"}]");
    }

    @Test
    void acceptsSpoilersQuotesAndCustomEmoji() {
        FormattedText text = HtmlEntitiesParser.parse("<span class=\"tg-spoiler\">s</span><tg-spoiler>t</tg-spoiler>"
                + "<blockquote expandable>q</blockquote><tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>");

        assertThat(text.text()).isEqualTo("stq👍");
        assertThat(text.entities())
                .extracting(e -> e.get("type").asString())
                .containsExactly("spoiler", "spoiler", "expandable_blockquote", "custom_emoji");
    }

    @Test
    void rejectsABareLessThan() {
        assertThatThrownBy(() -> HtmlEntitiesParser.parse("1 < 2"))
                .hasMessageContaining("can't parse entities: Character \"<\" must be escaped");
    }

    @Test
    void rejectsABareAmpersand() {
        assertThatThrownBy(() -> HtmlEntitiesParser.parse("R&D")).hasMessageContaining("\"&\" must be escaped");
    }

    @Test
    void rejectsABareGreaterThan() {
        assertThatThrownBy(() -> HtmlEntitiesParser.parse("a > b")).hasMessageContaining("\">\" must be escaped");
    }

    @Test
    void rejectsWronglyNestedTags() {
        assertThatThrownBy(() -> HtmlEntitiesParser.parse("<b><i>x</b></i>"))
                .hasMessageContaining("Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"");
    }

    @Test
    void rejectsAnUnclosedTag() {
        assertThatThrownBy(() -> HtmlEntitiesParser.parse("<b>x"))
                .hasMessageContaining("Can't find end tag corresponding to start tag \"b\"");
    }

    @Test
    void rejectsASpanThatIsNotASpoiler() {
        assertThatThrownBy(() -> HtmlEntitiesParser.parse("<span>x</span>"))
                .hasMessageContaining("Tag \"span\" must have class \"tg-spoiler\"");
    }

    @Test
    void reportsErrorsAtUtf8ByteOffsets() {
        assertThatThrownBy(() -> HtmlEntitiesParser.parse("é<h2>"))
                .hasMessageContaining("Unsupported start tag \"h2\" at byte offset 2");
    }
}
