package dev.chatbridge.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    @Test
    void returnsNoChunksForEmptyText() {
        assertThat(MessageSplitter.split("", 4096)).isEmpty();
    }

    @Test
    void returnsShortTextUnchangedAsOneChunk() {
        String text = "Hello **world**\n\n```java\nint x;\n";

        assertThat(MessageSplitter.split(text, 4096)).containsExactly(text);
        assertThat(MessageSplitter.split("x".repeat(100), 100)).containsExactly("x".repeat(100));
    }

    @Test
    void rejectsLimitTooSmallForASurrogatePair() {
        assertThatThrownBy(() -> MessageSplitter.split("abc", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsAtParagraphBreakNearTheLimit() {
        String first = "a".repeat(70) + "\n\n";
        String second = "b".repeat(50);

        assertThat(MessageSplitter.split(first + second, 100)).containsExactly(first, second);
    }

    @Test
    void prefersLineBreakNearTheLimitOverParagraphBreakFarFromIt() {
        String text = "intro\n\n" + "a".repeat(80) + "\n" + "b".repeat(50);

        assertThat(MessageSplitter.split(text, 100))
                .containsExactly("intro\n\n" + "a".repeat(80) + "\n", "b".repeat(50));
    }

    @Test
    void prefersParagraphBreakOverLaterLineBreakWhenBothAreNearTheLimit() {
        String text = "a".repeat(60) + "\n\n" + "b".repeat(20) + "\n" + "c".repeat(40);

        assertThat(MessageSplitter.split(text, 100).get(0)).isEqualTo("a".repeat(60) + "\n\n");
    }

    @Test
    void splitsAtWhitespaceWhenALineIsLongerThanTheLimit() {
        String words = "lorem ipsum dolor sit amet ".repeat(10).strip();

        List<String> chunks = MessageSplitter.split(words, 50);

        assertThat(chunks)
                .hasSizeGreaterThan(1)
                .allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(50));
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c).endsWith(" "));
        assertThat(String.join("", chunks)).isEqualTo(words);
    }

    @Test
    void prefersLineBreakInTheMiddleOverWhitespaceNearTheLimit() {
        String text = "a".repeat(40) + "\n" + "word ".repeat(30);

        assertThat(MessageSplitter.split(text, 100).get(0)).isEqualTo("a".repeat(40) + "\n");
    }

    @Test
    void hardCutsAWordLongerThanTheLimitWithoutSplittingSurrogatePairs() {
        String text = "😀".repeat(60); // 120 chars, no break anywhere

        List<String> chunks = MessageSplitter.split(text, 51);

        assertThat(chunks).containsExactly("😀".repeat(25), "😀".repeat(25), "😀".repeat(10));
    }

    @Test
    void keepsEmojiSequencesTogetherOnAHardCut() {
        String family = "👨‍👩‍👧‍👦"; // 11 chars joined by ZWJ
        String flag = "🇯🇵";
        String text = (family + flag).repeat(10);

        List<String> chunks = MessageSplitter.split(text, 40);

        assertThat(chunks).allSatisfy(c -> assertThat(c).matches("(👨‍👩‍👧‍👦|🇯🇵)+"));
        assertThat(String.join("", chunks)).isEqualTo(text);
    }

    @Test
    void splitsCjkTextAfterASentenceEnd() {
        String sentence = "这是一个很长的中文句子，用来测试分割。";
        String text = sentence.repeat(12);

        List<String> chunks = MessageSplitter.split(text, 100);

        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c).endsWith("。"));
        assertThat(String.join("", chunks)).isEqualTo(text);
    }

    @Test
    void reopensCodeFenceInNextChunkWhenSplitInsideCode() {
        String code = numberedLines("print(%d)", 30);
        String text = "Here you go:\n\n```python\n" + code + "```\n\nDone.";

        List<String> chunks = MessageSplitter.split(text, 120);

        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks.get(0)).startsWith("Here you go:").endsWith("\n```");
        assertThat(chunks.get(1)).startsWith("```python\nprint(");
        assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(120));
        assertThat(chunks).allSatisfy(c -> assertThat(openFenceAtEnd(c)).isNull());
        assertThat(chunks.get(chunks.size() - 1)).endsWith("```\n\nDone.");
    }

    @Test
    void countsAddedFenceLinesTowardTheLimit() {
        String text = "```javascript\n" + numberedLines("x%d();", 200) + "```";

        List<String> chunks = MessageSplitter.split(text, 64);

        assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(64));
        assertThat(chunks).allSatisfy(c -> assertThat(openFenceAtEnd(c)).isNull());
        assertThat(chunks.subList(1, chunks.size()))
                .allSatisfy(c -> assertThat(c).startsWith("```javascript\n"));
        assertRoundTrip(text, 64);
    }

    @Test
    void closesWithTheSameMarkerAndLengthAndIndentation() {
        String text = "  ~~~~ shell\n" + numberedLines("echo %d", 40) + "  ~~~~\n";

        List<String> chunks = MessageSplitter.split(text, 100);

        assertThat(chunks.get(0)).endsWith("\n  ~~~~");
        assertThat(chunks.get(1)).startsWith("  ~~~~ shell\n");
        assertRoundTrip(text, 100);
    }

    @Test
    void treatsShorterOrOtherFencesInsideCodeAsCode() {
        String inner = "```\nnot a fence end\n```\n~~~\n";
        String text = "````markdown\n" + inner.repeat(10) + "````\nafter";

        List<String> chunks = MessageSplitter.split(text, 80);

        assertThat(chunks.get(1)).startsWith("````markdown\n");
        assertThat(chunks).allSatisfy(c -> assertThat(openFenceAtEnd(c)).isNull());
        assertRoundTrip(text, 80);
    }

    @Test
    void doesNotTreatBackticksWithBacktickInInfoAsAFence() {
        String text = "```not`a fence\n" + "word ".repeat(40);

        assertThat(MessageSplitter.split(text, 60))
                .noneSatisfy(c -> assertThat(c).endsWith("```"));
    }

    @Test
    void hardCutsAHugeCodeLineAndKeepsTheFenceBalanced() {
        String text = "```\n" + "x".repeat(300) + "\n```";

        List<String> chunks = MessageSplitter.split(text, 100);

        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.length()).isLessThanOrEqualTo(100);
            assertThat(openFenceAtEnd(c)).isNull();
        });
        assertRoundTrip(text, 100);
    }

    @Test
    void neverCutsDirectlyAfterAnOpeningOrBeforeAClosingFenceLine() {
        String text = "p".repeat(50) + "\n```\n" + "c".repeat(40) + "\n```\n" + "q".repeat(60);

        for (int max = 20; max <= 150; max++) {
            for (MessageSplitter.Chunk chunk : MessageSplitter.chunks(text, max)) {
                assertThat(chunk.text()).as("max " + max).doesNotContain("```\n```");
            }
        }
    }

    @Test
    void leavesAFenceTheSourceNeverClosesOpenInTheLastChunk() {
        String text = "```\n" + numberedLines("line %d", 30);

        List<String> chunks = MessageSplitter.split(text, 100);

        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(openFenceAtEnd(c)).isNull());
        assertThat(openFenceAtEnd(chunks.get(chunks.size() - 1))).isEqualTo("```");
    }

    @Test
    void keepsCrLfPairsTogether() {
        String text = "line one is here\r\n".repeat(20);

        List<String> chunks = MessageSplitter.split(text, 50);

        assertThat(chunks).allSatisfy(c -> assertThat(c).endsWith("\r\n"));
        assertThat(String.join("", chunks)).isEqualTo(text);
    }

    @Test
    void splitsFencesWithCrLfLineEndings() {
        String text = "```py\r\n" + "x = 1\r\n".repeat(40) + "```\r\n";

        assertThat(MessageSplitter.split(text, 60))
                .allSatisfy(c -> assertThat(openFenceAtEnd(c)).isNull());
        assertRoundTrip(text, 60);
    }

    @Test
    void splitsAFenceWhoseOpeningLineIsTooLongToRepeatLikePlainText() {
        String text = "```" + "i".repeat(40) + "\n" + "code\n".repeat(40) + "```\n";

        List<String> chunks = MessageSplitter.split(text, 60);

        assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(60));
        assertThat(String.join("", chunks)).isEqualTo(text);
    }

    @Test
    void keepsEveryInvariantForRandomAnswers() {
        Random random = new Random(20240611L);
        int total = 0;
        int tiny = 0;
        for (int i = 0; i < 500; i++) {
            String text = randomAnswer(random);
            int max = 64 + random.nextInt(400);

            List<MessageSplitter.Chunk> chunks = MessageSplitter.chunks(text, max);

            String context = "seed case " + i + ", max " + max + ", text:\n" + text;
            assertThat(MessageSplitter.split(text, max))
                    .as(context)
                    .containsExactlyElementsOf(
                            chunks.stream().map(MessageSplitter.Chunk::text).toList());
            assertChunksRoundTrip(text, chunks, context);
            for (int c = 0; c < chunks.size(); c++) {
                String chunkText = chunks.get(c).text();
                assertThat(chunkText.length()).as(context).isLessThanOrEqualTo(max);
                assertThat(splitsSurrogatePair(chunkText)).as(context).isFalse();
                // Words can form an unclosed fence by accident; only the last chunk may inherit that.
                String expectedOpen = c == chunks.size() - 1 ? openFenceAtEnd(text) : null;
                assertThat(openFenceAtEnd(chunkText))
                        .as(context + "\nchunk:\n" + chunkText)
                        .isEqualTo(expectedOpen);
            }
            // Chunks are at least a quarter of the room unless a fence-like piece forces an early cut.
            assertThat(chunks.size()).as(context).isLessThanOrEqualTo(4 * text.length() / max + 2);
            for (MessageSplitter.Chunk chunk : chunks.subList(0, Math.max(0, chunks.size() - 1))) {
                total++;
                tiny += chunk.text().length() < max / 5 ? 1 : 0;
            }
        }
        assertThat(tiny).as("chunks under a fifth of the limit, of " + total).isLessThanOrEqualTo(total / 500);
    }

    @Test
    void staysWithinTinyLimitsAndLosesNothing() {
        Random random = new Random(7L);
        for (int i = 0; i < 300; i++) {
            String text = randomAnswer(random);
            int max = 2 + random.nextInt(40);

            List<MessageSplitter.Chunk> chunks = MessageSplitter.chunks(text, max);

            String context = "case " + i + ", max " + max + ", text:\n" + text;
            assertChunksRoundTrip(text, chunks, context);
            assertThat(chunks).as(context).allSatisfy(c -> {
                assertThat(c.text().length()).isLessThanOrEqualTo(max);
                assertThat(splitsSurrogatePair(c.text())).isFalse();
            });
        }
    }

    @Test
    void balanceFencesClosesAnOpenFence() {
        assertThat(MessageSplitter.balanceFences("Try:\n```bash\nls -la\n")).isEqualTo("Try:\n```bash\nls -la\n```");
        assertThat(MessageSplitter.balanceFences("Try:\n```bash\nls -la")).isEqualTo("Try:\n```bash\nls -la\n```");
        assertThat(MessageSplitter.balanceFences("```python")).isEqualTo("```python\n```");
        assertThat(MessageSplitter.balanceFences(" ~~~~~\n```\n")).isEqualTo(" ~~~~~\n```\n ~~~~~");
    }

    @Test
    void balanceFencesLeavesBalancedTextUnchanged() {
        assertThat(MessageSplitter.balanceFences("")).isEmpty();
        assertThat(MessageSplitter.balanceFences("plain `code` text")).isEqualTo("plain `code` text");
        assertThat(MessageSplitter.balanceFences("```\ncode\n```")).isEqualTo("```\ncode\n```");
        assertThat(MessageSplitter.balanceFences("    ```\nindented code, not a fence"))
                .isEqualTo("    ```\nindented code, not a fence");
        assertThat(MessageSplitter.balanceFences("```\ncode\n``")).isEqualTo("```\ncode\n``\n```");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static void assertRoundTrip(String text, int max) {
        assertChunksRoundTrip(text, MessageSplitter.chunks(text, max), "max " + max);
    }

    /** Checks the added lines are exactly fence lines and that the bodies concatenate to the source. */
    private static void assertChunksRoundTrip(String text, List<MessageSplitter.Chunk> chunks, String context) {
        StringBuilder joined = new StringBuilder();
        String previousClose = "";
        for (MessageSplitter.Chunk chunk : chunks) {
            assertThat(chunk.reopen().isEmpty()).as(context).isEqualTo(previousClose.isEmpty());
            if (!chunk.reopen().isEmpty()) {
                String opening = chunk.reopen().substring(0, chunk.reopen().length() - 1);
                assertThat(chunk.reopen()).as(context).endsWith("\n");
                assertThat(text).as(context).contains(opening);
                assertThat(opening).as(context).matches(" {0,3}(`{3,}[^`]*|~{3,}.*)");
            }
            if (!chunk.close().isEmpty()) {
                assertThat(chunk.close()).as(context).matches("\n? {0,3}(`{3,}|~{3,})");
                assertThat(chunk.body() + chunk.close())
                        .as(context)
                        .endsWith("\n" + chunk.close().replaceFirst("^\n", ""));
            }
            assertThat(chunk.body()).as(context).isNotEmpty();
            joined.append(chunk.body());
            previousClose = chunk.close();
        }
        assertThat(previousClose).as(context).isEmpty();
        assertThat(joined.toString()).as(context).isEqualTo(text);
    }

    /**
     * An independent CommonMark fence scanner: returns the opening fence run still open at the end, or null.
     */
    private static String openFenceAtEnd(String text) {
        Pattern opening = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");
        String open = null;
        for (String line : text.split("\r?\n", -1)) {
            if (open == null) {
                Matcher m = opening.matcher(line);
                if (m.matches() && !(m.group(1).charAt(0) == '`' && m.group(2).contains("`"))) {
                    open = m.group(1);
                }
            } else {
                String trimmed = line.stripTrailing();
                String fenceChar = Pattern.quote(open.substring(0, 1));
                if (trimmed.matches(" {0,3}" + fenceChar + "{" + open.length() + ",}")) {
                    open = null;
                }
            }
        }
        return open;
    }

    private static boolean splitsSurrogatePair(String chunk) {
        return Character.isLowSurrogate(chunk.charAt(0)) || Character.isHighSurrogate(chunk.charAt(chunk.length() - 1));
    }

    private static String numberedLines(String format, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(String.format(format, i)).append('\n');
        }
        return sb.toString();
    }

    private static final String[] WORDS = {
        "the",
        "model",
        "answer",
        "**bold**",
        "`code`",
        "très",
        "naïve",
        "数据",
        "分割测试",
        "日本語の文章です。",
        "한국어",
        "😀",
        "👍🏽",
        "🇺🇸",
        "👨‍👩‍👧",
        "e\u0301",
        "https://example.com/a?b=c&d=e",
        "~",
        "``",
        "#",
        "-",
        ">",
        "x".repeat(30),
        "長".repeat(25)
    };

    /** Paragraphs, lists, long lines without spaces, CJK, emoji and balanced fences of every kind. */
    private static String randomAnswer(Random random) {
        StringBuilder sb = new StringBuilder();
        int blocks = 1 + random.nextInt(12);
        for (int b = 0; b < blocks; b++) {
            switch (random.nextInt(6)) {
                // "Note:" keeps words such as `` from forming a fence with a huge info string by accident.
                case 0, 1 -> sb.append("Note: ").append(randomLine(random, 1 + random.nextInt(60)));
                case 2 -> {
                    for (int i = random.nextInt(6); i >= 0; i--) {
                        sb.append("- ")
                                .append(randomLine(random, 1 + random.nextInt(12)))
                                .append('\n');
                    }
                }
                case 3 ->
                    sb.append("#".repeat(1 + random.nextInt(3))).append(' ').append(randomLine(random, 4));
                case 4 -> sb.append("y".repeat(random.nextInt(500)));
                default -> sb.append(randomFence(random));
            }
            sb.append(random.nextInt(4) == 0 ? "\n" : "\n\n");
        }
        if (random.nextBoolean()) {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    private static String randomLine(Random random, int words) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            picked.add(WORDS[random.nextInt(WORDS.length)]);
        }
        return picked.stream().collect(Collectors.joining(random.nextInt(5) == 0 ? "" : " "));
    }

    private static String randomFence(Random random) {
        char marker = random.nextBoolean() ? '`' : '~';
        String run = String.valueOf(marker).repeat(3 + random.nextInt(3));
        String indent = " ".repeat(random.nextInt(4));
        String[] infos = {"", "python", "js {linenos}", "c++", "日本"};
        StringBuilder sb = new StringBuilder(indent)
                .append(run)
                .append(infos[random.nextInt(infos.length)])
                .append('\n');
        for (int i = random.nextInt(25); i > 0; i--) {
            switch (random.nextInt(8)) {
                case 0 -> sb.append('\n');
                case 1 -> sb.append(marker == '`' ? "~~~" : "```").append('\n'); // the other kind: just code
                case 2 -> sb.append(run, 0, 2).append('\n');
                case 3 -> sb.append("z".repeat(random.nextInt(300))).append('\n');
                default ->
                    sb.append("    ")
                            .append(randomLine(random, 1 + random.nextInt(10)))
                            .append('\n');
            }
        }
        return sb.append(" ".repeat(random.nextInt(4)))
                .append(run)
                .append(random.nextBoolean() ? "" : "  ")
                .toString();
    }
}
