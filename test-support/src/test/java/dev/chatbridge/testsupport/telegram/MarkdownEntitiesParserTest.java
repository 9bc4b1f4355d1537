package dev.chatbridge.testsupport.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownEntitiesParserTest {

    @Test
    void parsesMarkersLinksAndCode() {
        FormattedText text =
                MarkdownEntitiesParser.parseV2("*bold* _it_ __u__ ~s~ ||sp|| [link](https://x.test/a\\)b) `c\\`d`");

        assertThat(text.text()).isEqualTo("bold it u s sp link c`d");
        assertThat(text.entities())
                .extracting(e -> e.get("type").asString())
                .containsExactly("bold", "italic", "underline", "strikethrough", "spoiler", "text_link", "code");
        assertThat(text.entities().get(5).get("url").asString()).isEqualTo("https://x.test/a)b");
    }

    @Test
    void acceptsEscapedReservedCharacters() {
        assertThat(MarkdownEntitiesParser.parseV2("1\\+1\\=2\\. Done\\!").text())
                .isEqualTo("1+1=2. Done!");
    }

    @Test
    void rejectsAnUnescapedReservedCharacter() {
        assertThatThrownBy(() -> MarkdownEntitiesParser.parseV2("v1.2"))
                .hasMessageContaining("Character '.' is reserved and must be escaped with the preceding '\\'");
    }

    @Test
    void rejectsAnUnclosedMarker() {
        assertThatThrownBy(() -> MarkdownEntitiesParser.parseV2("a *b"))
                .hasMessageContaining("Can't find end of Bold entity at byte offset 2");
    }

    @Test
    void keepsReservedCharactersInsidePreBlocks() {
        FormattedText text = MarkdownEntitiesParser.parseV2("```python\nprint(1 + 2)\n```");

        assertThat(text.text()).isEqualTo("print(1 + 2)\n");
        assertThat(text.entities().get(0).get("language").asString()).isEqualTo("python");
    }

    @Test
    void turnsLineStartQuotesIntoABlockquote() {
        FormattedText text = MarkdownEntitiesParser.parseV2(">quoted\n>more\nafter");

        assertThat(text.text()).isEqualTo("quoted\nmore\nafter");
        assertThat(text.entities().toString()).isEqualTo("[{\"type\":\"blockquote\",\"offset\":0,\"length\":11}]");
    }
}
