package dev.chatbridge.telegram.markup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TelegramHtmlTest {

    // --- inline mapping -------------------------------------------------------------------------------------

    @Test
    void mapsStrongEmphasisAndStrikethroughToTelegramTags() {
        assertThat(render("**bold** *italic* _also_ ~~gone~~"))
                .isEqualTo("<b>bold</b> <i>italic</i> <i>also</i> <s>gone</s>");
    }

    @Test
    void keepsSingleTildesAsText() {
        assertThat(render("takes ~5 min, not ~10")).isEqualTo("takes ~5 min, not ~10");
    }

    @Test
    void mapsInlineCodeAndEscapesIt() {
        assertThat(render("use `a < b && c > d` here")).isEqualTo("use <code>a &lt; b &amp;&amp; c &gt; d</code> here");
    }

    @Test
    void closesFormattingAroundInlineCodeBecauseTelegramForbidsCodeInsideIt() {
        assertThat(render("**run `npm test` now**")).isEqualTo("<b>run </b><code>npm test</code><b> now</b>");
        assertThat(render("**`only code`**")).isEqualTo("<code>only code</code>");
        assertThat(render("*a **b `c` d** e*")).isEqualTo("<i>a <b>b </b></i><code>c</code><i><b> d</b> e</i>");
    }

    @Test
    void rendersCodeInsideALinkAsLinkText() {
        assertThat(render("[`Files.walk`](https://docs.oracle.com/x)"))
                .isEqualTo("<a href=\"https://docs.oracle.com/x\">Files.walk</a>");
    }

    @Test
    void mapsLineBreaksToNewlines() {
        assertThat(render("one\ntwo  \nthree\\\nfour")).isEqualTo("one\ntwo\nthree\nfour");
    }

    // --- links and images -----------------------------------------------------------------------------------

    @Test
    void linksHttpHttpsTgAndMailto() {
        assertThat(render("[a](http://a.example) [b](HTTPS://b.example/p?q=1) [c](tg://resolve?domain=x)"
                        + " [d](mailto:x@y.z)"))
                .isEqualTo("<a href=\"http://a.example\">a</a> <a href=\"HTTPS://b.example/p?q=1\">b</a> "
                        + "<a href=\"tg://resolve?domain=x\">c</a> <a href=\"mailto:x@y.z\">d</a>");
    }

    @Test
    void rendersOnlyTheTextOfLinksWithOtherSchemes() {
        assertThat(render("[click](javascript:alert(1)) [rel](/docs/page) [ftp](ftp://x.y) [data](data:text/html,x)"))
                .isEqualTo("click rel ftp data");
    }

    @Test
    void escapesAmpersandsAndQuotesInHrefs() {
        assertThat(render("[q](https://x.y/?a=1&b=\"2\")"))
                .isEqualTo("<a href=\"https://x.y/?a=1&amp;b=%222%22\">q</a>");
        assertThat(render("[s](<https://x.y/a b>)")).isEqualTo("<a href=\"https://x.y/a%20b\">s</a>");
    }

    @Test
    void rendersAutolinks() {
        assertThat(render("see <https://example.com> or <me@example.com>"))
                .isEqualTo("see <a href=\"https://example.com\">https://example.com</a> or "
                        + "<a href=\"mailto:me@example.com\">me@example.com</a>");
    }

    @Test
    void showsTheUrlOfALinkWithoutText() {
        assertThat(render("[](https://x.y)")).isEqualTo("<a href=\"https://x.y\">https://x.y</a>");
    }

    @Test
    void resolvesReferenceLinks() {
        assertThat(render("Read [the guide][g].\n\n[g]: https://guide.example \"Guide\"\n"))
                .isEqualTo("Read <a href=\"https://guide.example\">the guide</a>.");
    }

    @Test
    void rendersImagesAsLinksWithTheirAltText() {
        assertThat(render("![a *cat* photo](https://img.example/cat.png)"))
                .isEqualTo("<a href=\"https://img.example/cat.png\">a cat photo</a>");
        assertThat(render("![](https://img.example/cat.png)"))
                .isEqualTo("<a href=\"https://img.example/cat.png\">https://img.example/cat.png</a>");
        assertThat(render("![local](cat.png)")).isEqualTo("local");
    }

    @Test
    void keepsOnlyTheOuterLinkOfALinkedImage() {
        assertThat(render("[![build](https://ci.example/badge.svg)](https://ci.example)"))
                .isEqualTo("<a href=\"https://ci.example\">build</a>");
    }

    // --- blocks ---------------------------------------------------------------------------------------------

    @Test
    void separatesParagraphsWithABlankLine() {
        assertThat(render("First.\n\n\n\nSecond.")).isEqualTo("First.\n\nSecond.");
    }

    @Test
    void rendersHeadingsAsBoldLines() {
        assertThat(render("# Title\n\nText\n\nSetext\n------\n### Install `npm`"))
                .isEqualTo("<b>Title</b>\n\nText\n\n<b>Setext</b>\n<b>Install </b><code>npm</code>");
    }

    @Test
    void rendersBulletListsWithBulletsAndNestedIndentation() {
        assertThat(render("- one\n- two\n  * nested\n    + deeper\n- three"))
                .isEqualTo("• one\n• two\n  • nested\n    • deeper\n• three");
    }

    @Test
    void numbersOrderedListsFromTheirStartNumber() {
        assertThat(render("3. three\n1. four\n\n9) five")).isEqualTo("3. three\n4. four\n\n9. five");
        assertThat(render("1. a\n   - b\n2. c")).isEqualTo("1. a\n  • b\n2. c");
        assertThat(render("1. - a\n   - b\n2. *")).isEqualTo("1. • a\n  • b\n2. •");
    }

    @Test
    void keepsBlankLinesOfLooseLists() {
        assertThat(render("- one\n\n- two\n\n  more")).isEqualTo("• one\n\n• two\n\nmore");
    }

    @Test
    void startsAListRightAfterTheParagraphWhenTheSourceDoes() {
        assertThat(render("Steps:\n1. a\n2. b\n\nDone.")).isEqualTo("Steps:\n1. a\n2. b\n\nDone.");
    }

    @Test
    void rendersBlockQuotesAndFlattensNestedOnes() {
        assertThat(render("> quoted **text**\n> more")).isEqualTo("<blockquote>quoted <b>text</b>\nmore</blockquote>");
        assertThat(render("> outer\n>> inner")).isEqualTo("<blockquote>outer\ninner</blockquote>");
    }

    @Test
    void rendersFencedCodeWithItsLanguageAndKeepsItVerbatim() {
        String markdown = "```python title=\"x\"\nif a < b and c > d & e:\n    print(\"**not bold** <i>\")\n```";

        // What follows the language stays visible, above the code.
        assertThat(render(markdown))
                .isEqualTo("title=\"x\"\n<pre><code class=\"language-python\">if a &lt; b and c &gt; d &amp; e:\n"
                        + "    print(\"**not bold** &lt;i&gt;\")</code></pre>");
    }

    @Test
    void rendersCodeWithoutLanguageAsPlainPre() {
        assertThat(render("~~~\n# not a heading\n- not a list\n~~~"))
                .isEqualTo("<pre># not a heading\n- not a list</pre>");
        assertThat(render("Text\n\n    indented <code>\n    block"))
                .isEqualTo("Text\n\n<pre>indented &lt;code&gt;\nblock</pre>");
    }

    @Test
    void showsAnInfoStringThatNamesNoLanguageAsTextAboveTheCode() {
        assertThat(render("```c\"><b>\nx\n```")).isEqualTo("c\"&gt;&lt;b&gt;\n<pre>x</pre>");
        assertThat(render("Here is the plan:\n``` **bold** _it_\nfirst step\n```"))
                .isEqualTo("Here is the plan:\n**bold** _it_\n<pre>first step</pre>");
    }

    @Test
    void rendersCodeBlocksInsideListsAndQuotes() {
        assertThat(render("1. Run:\n   ```sh\n   ls > out\n   ```\n2. Done"))
                .isEqualTo("1. Run:\n<pre><code class=\"language-sh\">ls &gt; out</code></pre>\n2. Done");
        assertThat(render("> ```\n> x\n> ```")).isEqualTo("<blockquote><pre>x</pre></blockquote>");
    }

    @Test
    void rendersThematicBreakAsALineOfDashes() {
        assertThat(render("above\n\n---\n\nbelow")).isEqualTo("above\n\n———\n\nbelow");
    }

    @Test
    void rendersTablesAsAlignedPreformattedText() {
        String markdown =
                "| Name | Qty | Note |\n|:-----|----:|:----:|\n| apple | 3 | ok |\n| kiwi **x** | 12 | `<b>` |";

        assertThat(render(markdown))
                .isEqualTo("<pre>"
                        + "Name   | Qty | Note\n"
                        + "-------+-----+-----\n"
                        + "apple  |   3 |  ok\n"
                        + "kiwi x |  12 | &lt;b&gt;"
                        + "</pre>");
    }

    @Test
    void padsTableColumnsByDisplayWidthForCjk() {
        String markdown = "| 名前 | x |\n|---|---|\n| ab | y |";

        assertThat(render(markdown)).isEqualTo("<pre>名前 | x\n-----+--\nab   | y</pre>");
    }

    // --- escaping -------------------------------------------------------------------------------------------

    @Test
    void escapesScriptBlocksAndModelWrittenHtml() {
        assertThat(render("<script>alert('x')</script>")).isEqualTo("&lt;script&gt;alert('x')&lt;/script&gt;");
        assertThat(render("a <b>bold</b> & <a href=\"x\">link</a>"))
                .isEqualTo("a &lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href=\"x\"&gt;link&lt;/a&gt;");
        assertThat(render("<div>\n**not md**\n</div>")).isEqualTo("&lt;div&gt;\n**not md**\n&lt;/div&gt;");
    }

    @Test
    void escapesAmpersandsAndAngleBracketsInText() {
        assertThat(render("AT&T: 1 < 2 > 0, &copy; &lt;tag&gt; &#x1F600;"))
                .isEqualTo("AT&amp;T: 1 &lt; 2 &gt; 0, © &lt;tag&gt; 😀");
    }

    // --- whole answers --------------------------------------------------------------------------------------

    @Test
    void nestsBoldInsideALinkInsideAListItem() {
        assertThat(render("- see [the **docs** page](https://docs.example/a?x=1&y=2)\n- done"))
                .isEqualTo("• see <a href=\"https://docs.example/a?x=1&amp;y=2\">the <b>docs</b> page</a>\n• done");
    }

    @Test
    void rendersCjkAndEmojiUnchanged() {
        assertThat(render("你好，**世界**！🎉\n\n- 項目 *一*")).isEqualTo("你好，<b>世界</b>！🎉\n\n• 項目 <i>一</i>");
    }

    @Test
    void rendersEmptyAndBlankInputAsEmpty() {
        assertThat(render("")).isEmpty();
        assertThat(render(" \n\n\t\n")).isEmpty();
        assertThat(render("[x]: https://only.a/definition")).isEmpty();
    }

    @Test
    void leavesNoTrailingWhitespace() {
        assertThat(render("text   \n\n\n")).isEqualTo("text");
        assertThat(render("- ")).isEqualTo("•");
    }

    @Test
    void rendersAbsurdlyDeepNestingWithoutOverflowing() {
        String quotes = ">".repeat(5000) + " deep";
        String lists = "- ".repeat(3000) + "deep";
        String emphasis = "*".repeat(3000) + "deep" + "*".repeat(3000);

        for (String markdown : List.of(quotes, lists, emphasis)) {
            String html = render(markdown);
            assertValidTelegramHtml(html);
            assertThat(visibleText(html)).contains("deep");
        }
    }

    @Test
    void producesValidTelegramHtmlForRandomMarkdown() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            String markdown = randomMarkdown(random, false);
            String html = render(markdown);
            assertValidTelegramHtml(html);
            assertThat(html).as(markdown).isEqualTo(html.stripTrailing());
        }
    }

    // --- visible length -------------------------------------------------------------------------------------

    @Test
    void neverShowsMoreTextThanTheSourceForTypicalAnswers() {
        for (String answer : TYPICAL_ANSWERS) {
            String html = render(answer);
            assertValidTelegramHtml(html);
            assertThat(visibleText(html).length()).as(answer).isLessThanOrEqualTo(answer.length());
        }
        Random random = new Random(4096);
        for (int i = 0; i < 5000; i++) {
            String markdown = randomMarkdown(random, true);
            assertThat(visibleText(render(markdown)).length()).as(markdown).isLessThanOrEqualTo(markdown.length());
        }
    }

    @Test
    void canShowMoreTextThanTheSourceForPaddedTablesAndLazyNumbering() {
        String table = "|a|b|\n|-|-|\n|long cell|x|\n|y|z|";
        String lazyList = "1. x\n".repeat(12);

        assertThat(visibleText(render(table)).length()).isGreaterThan(table.length());
        assertThat(visibleText(render(lazyList)).length())
                .isGreaterThan(lazyList.strip().length());
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static String render(String markdown) {
        return TelegramHtml.render(markdown);
    }

    private static final Set<String> ALLOWED =
            Set.of("b", "i", "s", "u", "code", "pre", "a", "blockquote", "tg-spoiler");
    private static final Set<String> SPLITTABLE = Set.of("b", "i", "s", "u", "tg-spoiler");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-z-]+)((?: [a-z]+=\"[^\"<>]*\")*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile(" ([a-z]+)=\"([^\"<>]*)\"");

    /**
     * Checks the output against Telegram's HTML rules: only the allowed tags and attributes, every tag closed in
     * order, {@code < > &} escaped outside tags, no empty element, nothing inside {@code code} or {@code pre} (but
     * the {@code code} that names a {@code pre}'s language), no {@code code} inside {@code b i s u a}, no nested
     * block quotes or links.
     */
    static void assertValidTelegramHtml(String html) {
        record Open(String name, int contentStart) {}
        Deque<Open> stack = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher m = TAG.matcher(html).region(i, html.length());
                assertThat(m.lookingAt()).as("tag at %d in %s", i, html).isTrue();
                String name = m.group(2);
                assertThat(ALLOWED).as(html).contains(name);
                if (m.group(1).isEmpty()) {
                    checkStartTag(
                            name, m.group(3), stack.stream().map(Open::name).toList(), html);
                    stack.push(new Open(name, m.end()));
                } else {
                    assertThat(stack).as("close %s in %s", name, html).isNotEmpty();
                    Open top = stack.pop();
                    assertThat(top.name()).as("closing tag order in %s", html).isEqualTo(name);
                    assertThat(i).as("empty <%s> in %s", name, html).isGreaterThan(top.contentStart());
                }
                i = m.end();
            } else if (c == '&') {
                assertThat(html.substring(i)).as(html).matches("(?s)&(amp|lt|gt|quot);.*");
                i = html.indexOf(';', i) + 1;
            } else {
                assertThat(c).as("unescaped > in %s", html).isNotEqualTo('>');
                i++;
            }
        }
        assertThat(stack).as("unclosed tags in %s", html).isEmpty();
    }

    private static void checkStartTag(String name, String attributes, List<String> openInnermostFirst, String html) {
        Matcher attribute = ATTRIBUTE.matcher(attributes);
        List<String> names = attribute.results().map(r -> r.group(1)).toList();
        String parent = openInnermostFirst.isEmpty() ? "" : openInnermostFirst.get(0);
        switch (name) {
            case "a" -> assertThat(names).as(html).containsExactly("href");
            case "code" -> {
                if (!names.isEmpty()) {
                    assertThat(names).as(html).containsExactly("class");
                    assertThat(attributes).as(html).startsWith(" class=\"language-");
                    assertThat(parent)
                            .as("code with a class outside pre in %s", html)
                            .isEqualTo("pre");
                }
            }
            default -> assertThat(names).as(html).isEmpty();
        }
        if (parent.equals("pre")) {
            assertThat(name).as("only code may be inside pre: %s", html).isEqualTo("code");
            assertThat(names).as(html).containsExactly("class");
        }
        assertThat(parent).as("nothing inside code: %s", html).isNotEqualTo("code");
        if (name.equals("code") || name.equals("pre")) {
            boolean insideFormatting = openInnermostFirst.stream()
                    .anyMatch(tag ->
                            SPLITTABLE.contains(tag) || tag.equals("a") || (tag.equals("pre") && name.equals("pre")));
            assertThat(insideFormatting)
                    .as("%s inside formatting or link: %s", name, html)
                    .isFalse();
        }
        if (name.equals("blockquote") || name.equals("a")) {
            assertThat(openInnermostFirst).as("nested %s in %s", name, html).doesNotContain(name);
        }
    }

    /** What the user sees: tags removed, entities decoded. */
    static String visibleText(String html) {
        return html.replaceAll("<[^>]*>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    private static final List<String> TYPICAL_ANSWERS = List.of("""
        ## How to read a file in Java

        Use `Files.readString` (Java 11+):

        ```java
        String text = Files.readString(Path.of("data.txt"));
        if (text.length() < 10 && !text.isEmpty()) {
            System.out.println("<short>");
        }
        ```

        **Notes:**
        - It reads the *whole* file into memory.
        - For big files, use `Files.lines` instead.
          - It is lazy.
        - See the [Javadoc](https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/nio/file/Files.html).

        > Tip: always close streams & readers.
        """, """
        Here are the steps:
        1. Install the package
        2. Run `npm start`
        3. Open http://localhost:3000

        That's it! 🎉
        """, """
        量子计算机利用**量子比特**进行计算。主要特点：

        * 叠加态：可以同时处于 0 和 1
        * 纠缠：两个量子比特的状态相互关联
        * 干涉

        ---

        详情请参阅 [维基百科](https://zh.wikipedia.org/wiki/量子计算机)。
        """, """
        Sure! Compare `a < b` with `a > b`:

        | Operator | Meaning |
        |----------|---------|
        | `<`      | less    |
        | `>`      | greater |

        ~~Old answer~~ Updated: use <kbd>Ctrl</kbd>+<kbd>C</kbd> & then paste.
        Line two\\
        Line three
        """, """
        # Summary
        The function has **three** bugs:
        1. Off-by-one in the loop
        2. Null check missing
           ```python
           if x is None:
               return
           ```
        3. Wrong return type

        ***

        ![diagram](https://example.com/d.png)
        """);

    private static final String[] INLINE = {
        "word",
        "模型",
        "😀",
        "**bold**",
        "*it*",
        "_it_",
        "~~del~~",
        "`code <x>`",
        "[link](https://e.x/?a=1&b=2)",
        "[bad](javascript:x)",
        "![img](https://e.x/i.png)",
        "<b>",
        "</i>",
        "<br/>",
        "&amp;",
        "&",
        "<",
        ">",
        "\"q\"",
        "**`mixed` bold**",
        "*a **b `c` d** e*",
        "[`code` link](https://e.x)",
        "<https://auto.link>",
        "\\*esc\\*",
        "_",
        "*",
        "**",
        "`",
        "[",
        "]",
        "(",
        ")",
        "~",
        "|",
        "#"
    };

    private static final String[] BLOCK_STARTS = {
        "", "", "", "# ", "### ", "- ", "* ", "1. ", "2) ", "> ", ">> ", "  - ", "    ", "   1. "
    };

    /** Random lines of inline fragments behind random block markers, plus fences and (unless typical) tables. */
    private static String randomMarkdown(Random random, boolean typical) {
        StringBuilder sb = new StringBuilder();
        int lines = 1 + random.nextInt(15);
        for (int l = 0; l < lines; l++) {
            int kind = random.nextInt(12);
            if (kind == 0) {
                sb.append("```")
                        .append(random.nextBoolean() ? "js" : "")
                        .append('\n')
                        .append("let a = b < c && d > e; // **x**\n")
                        .append("```\n");
            } else if (kind == 1 && !typical) {
                sb.append("| a | `b` |\n|---|:-:|\n| ")
                        .append(INLINE[random.nextInt(INLINE.length)])
                        .append(" | 長い |\n");
            } else if (kind == 2) {
                sb.append("\n");
            } else {
                sb.append(BLOCK_STARTS[random.nextInt(BLOCK_STARTS.length)]);
                for (int w = random.nextInt(8); w >= 0; w--) {
                    sb.append(INLINE[random.nextInt(INLINE.length)]).append(random.nextInt(4) == 0 ? "" : " ");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
