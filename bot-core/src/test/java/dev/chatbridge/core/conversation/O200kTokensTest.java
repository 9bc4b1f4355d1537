package dev.chatbridge.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The compact tables count exactly as jtokkit's o200k_base does, which the context window and the quotas rely on. */
class O200kTokensTest {

    private static final O200kTokens COMPACT = O200kTokens.load();
    private static final Encoding JTOKKIT = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    @Test
    void countsAsJtokkitOnMixedText() {
        List<String> texts = List.of(
                "",
                "a",
                "Hello, world!",
                "  leading and trailing spaces  \n\n\r\n\tTabs\t",
                "I'm sure they'll say it's fine, WE'VE SEEN IT'S OK'D",
                "Числа 1234567 и 3.14159, 10 000 руб. — «кавычки»",
                "日本語のテキストと中文的句子，还有한국어 문장도 있습니다。",
                "emoji 👍🏽👨‍👩‍👧‍👦 🇩🇪 and zero\u200bwidth",
                "```java\nclass A { int x = 1 << 3; String s = \"<|endoftext|>\"; }\n```\n",
                "https://example.com/path?query=a&b=c#frag //comment /* block */",
                "مرحبا بالعالم، هذا نص عربي", // right-to-left
                "Ünïcödé ÄÖÜ ß ﬁ ǅ Σίσυφος",
                "\u0000\u0001\u007f control \ud83d lone surrogate");
        for (String text : texts) {
            assertThat(COMPACT.count(text)).as(text).isEqualTo(JTOKKIT.countTokensOrdinary(text));
        }
    }

    /** Long runs without spaces are single pieces of thousands of bytes: jtokkit's large-piece path, the heap here. */
    @Test
    void countsAsJtokkitOnLongPieces() {
        Random random = new Random(16);
        StringBuilder letters = new StringBuilder();
        StringBuilder base64 = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 20_000; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
            base64.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        for (String text : List.of(letters.toString(), base64.toString(), "a".repeat(10_000), "ab".repeat(7_000))) {
            assertThat(COMPACT.count(text)).isEqualTo(JTOKKIT.countTokensOrdinary(text));
        }
    }

    @Test
    void countsAsJtokkitOnRandomUnicode() {
        Random random = new Random(42);
        int[][] ranges = {{0x20, 0x7e}, {0x400, 0x4ff}, {0x4e00, 0x4fff}, {0x1f300, 0x1f64f}, {0x300, 0x36f}, {9, 13}};
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(400);
            for (int i = 0; i < length; i++) {
                int[] range = ranges[random.nextInt(ranges.length)];
                text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
            }
            assertThat(COMPACT.count(text.toString()))
                    .as(text.toString())
                    .isEqualTo(JTOKKIT.countTokensOrdinary(text.toString()));
        }
    }

    /** Real prose and code: this module's own sources. */
    @Test
    void countsAsJtokkitOnSourceFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java"))
                    .limit(150)
                    .toList()) {
                String text = Files.readString(file);
                assertThat(COMPACT.count(text)).as(file.toString()).isEqualTo(JTOKKIT.countTokensOrdinary(text));
            }
        }
    }
}
