package dev.chatbridge.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.delivery.OutgoingText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A property over generated Markdown, as models write it (and get it wrong): whatever the markup, every word of the
 * answer stays visible to the user, in the Telegram HTML (tags dropped, entities decoded) and in the plain-text
 * fallback. Seeded, so a failure names the case that reproduces it.
 */
class MarkdownWordsTest {

    private static final long SEED = 0x5EED_15L;
    private static final int CASES = 3000;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    /** Telegram clients label a code block with its language. */
    private static final Pattern LANGUAGE = Pattern.compile("<code class=\"language-([^\"]*)\">");

    @Test
    void everyWordStaysVisibleInTheHtmlAndInThePlainFallback() {
        Random random = new Random(SEED);
        for (int n = 0; n < CASES; n++) {
            Answer answer = new Answer(random);
            String markdown = answer.markdown();

            TelegramChatChannel.Rendered html = TelegramChatChannel.Rendered.of(OutgoingText.markdown(markdown));
            String shown = html.parseMode() == null ? html.text() : visible(html.text());
            String fallback = TelegramChatChannel.Rendered.of(OutgoingText.plain(markdown))
                    .text();

            // Words are unique and self-delimiting (w7x, слово7я, 字7词), so containment is exact even where a code
            // span leaves two of them side by side, as CommonMark does.
            for (String word : answer.words) {
                assertThat(shown)
                        .as("case %d: \"%s\" in the HTML of%n%s%n---%n%s", n, word, markdown, html.text())
                        .contains(word);
                assertThat(fallback)
                        .as("case %d: \"%s\" in the plain fallback of%n%s", n, word, markdown)
                        .contains(word);
            }
        }
    }

    @Test
    void keepsTheWordsOfAFenceLineWhoseInfoStringIsNotALanguage() {
        String markdown = "Here is the plan:\n``` **bold** _it_\nfirst step\n```\nafter";
        String html =
                TelegramChatChannel.Rendered.of(OutgoingText.markdown(markdown)).text();
        assertThat(words(visible(html))).contains("Here", "plan", "bold", "it", "first", "step", "after");
    }

    /** What Telegram shows of HTML: the text without tags, entities decoded, and a code block's language on top. */
    private static String visible(String html) {
        String labelled = LANGUAGE.matcher(html).replaceAll("$1\n");
        return TAG.matcher(labelled)
                .replaceAll("")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static Set<String> words(String text) {
        Set<String> found = new HashSet<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /**
     * A random answer: blocks of the kinds models write, inline markup that is sometimes left unclosed, and the
     * words meant to be read (link targets are not among them, being hidden behind the link text by design).
     */
    private static final class Answer {
        private static final String[] LANGUAGES = {"java", "python", "c++", "shell", "js", "objective-c", "c#"};
        private static final String[] DECORATIONS = {
            "**", "*", "_", "__", "~~", "`", "***", "~", "\\*", "<b>", "</i>", "&", "<", ">", "|", "#", "[", "]", "!"
        };
        private final Random random;
        private final List<String> words = new ArrayList<>();
        private int counter;

        Answer(Random random) {
            this.random = random;
        }

        String markdown() {
            StringBuilder out = new StringBuilder();
            int blocks = 1 + random.nextInt(5);
            for (int i = 0; i < blocks; i++) {
                if (i > 0) {
                    out.append(random.nextInt(3) == 0 ? "\n" : "\n\n");
                }
                block(out);
            }
            return out.toString();
        }

        private void block(StringBuilder out) {
            switch (random.nextInt(11)) {
                case 0 ->
                    out.append("#".repeat(1 + random.nextInt(6))).append(' ').append(inline());
                case 1 -> list(out, "- ");
                case 2 -> list(out, "1. ");
                case 3 -> out.append("> ").append(inline());
                case 4 -> fence(out);
                case 5 -> out.append("    ").append(word()).append(' ').append(word());
                case 6 -> out.append("---");
                case 7 -> table(out);
                default -> out.append(inline());
            }
        }

        private void list(StringBuilder out, String marker) {
            int items = 1 + random.nextInt(3);
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    out.append('\n');
                }
                out.append(random.nextBoolean() ? "" : "  ".repeat(random.nextInt(2)))
                        .append(marker)
                        .append(inline());
            }
        }

        /** A fence whose info string is a language, a language and more, or inline markup; sometimes unclosed. */
        private void fence(StringBuilder out) {
            String fence = random.nextInt(4) == 0 ? "~~~" : "```";
            out.append(fence);
            switch (random.nextInt(4)) {
                case 0 -> {}
                case 1 -> out.append(LANGUAGES[random.nextInt(LANGUAGES.length)]);
                case 2 ->
                    out.append(LANGUAGES[random.nextInt(LANGUAGES.length)])
                            .append(' ')
                            .append(word());
                default -> out.append(' ').append(inline().replace("`", ""));
            }
            out.append('\n').append(word()).append(' ').append(inline().replace(fence, ""));
            if (random.nextInt(3) > 0) {
                out.append('\n').append(fence);
            }
        }

        private void table(StringBuilder out) {
            out.append("| ").append(word()).append(" | ").append(word()).append(" |\n");
            out.append("|---|---|\n");
            out.append("| ")
                    .append(inline().replace("|", ""))
                    .append(" | ")
                    .append(word())
                    .append(" |");
        }

        /** Words with markup around and between them, balanced or not; links and images now and then. */
        private String inline() {
            StringBuilder out = new StringBuilder();
            int parts = 1 + random.nextInt(6);
            for (int i = 0; i < parts; i++) {
                if (i > 0) {
                    out.append(random.nextInt(8) == 0 ? "\n" : " ");
                }
                switch (random.nextInt(9)) {
                    case 0 -> {
                        String mark = DECORATIONS[random.nextInt(DECORATIONS.length)];
                        out.append(mark).append(word()).append(mark);
                    }
                    case 1 ->
                        out.append(DECORATIONS[random.nextInt(DECORATIONS.length)])
                                .append(word());
                    case 2 -> out.append(word()).append(DECORATIONS[random.nextInt(DECORATIONS.length)]);
                    case 3 -> out.append('[').append(word()).append("](https://example.org/path)");
                    case 4 -> out.append("![").append(word()).append("](https://example.org/p.png)");
                    case 5 ->
                        out.append("**")
                                .append(word())
                                .append(" `")
                                .append(word())
                                .append("` ")
                                .append(word())
                                .append("**");
                    default -> out.append(word());
                }
            }
            return out.toString();
        }

        /** A word no other part of the answer contains (nor any other word), in Latin, Cyrillic or Han letters. */
        private String word() {
            counter++;
            String word = switch (random.nextInt(3)) {
                case 0 -> "w" + counter + "x";
                case 1 -> "слово" + counter + "я";
                default -> "字" + counter + "词";
            };
            words.add(word);
            return word;
        }
    }
}
