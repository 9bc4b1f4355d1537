package dev.chatbridge.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.chatbridge.core.command.CommandOption;
import dev.chatbridge.core.command.CommandSpec;
import dev.chatbridge.core.command.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The bundles agree with each other and with the code, so no user ever sees a key or a broken text. */
class MessagesTest {

    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)[,}]");

    /** Each language's own bundle file, as it lies on the classpath. */
    private static final Map<Language, Properties> BUNDLES = bundles();

    @Test
    void everyBundleHasExactlyTheKeysOfTheEnglishOne() {
        Set<String> english = BUNDLES.get(Language.EN).stringPropertyNames();
        for (Language language : Language.values()) {
            Set<String> keys = BUNDLES.get(language).stringPropertyNames();
            assertThat(difference(english, keys))
                    .as("keys missing in %s", language)
                    .isEmpty();
            assertThat(difference(keys, english))
                    .as("keys only in %s", language)
                    .isEmpty();
        }
    }

    @Test
    void everyTextHasTheSamePlaceholdersInEveryLanguage() {
        for (String key : BUNDLES.get(Language.EN).stringPropertyNames()) {
            Set<Integer> english = arguments(BUNDLES.get(Language.EN).getProperty(key));
            for (Language language : Language.values()) {
                String text = BUNDLES.get(language).getProperty(key);
                if (text != null) {
                    assertThat(arguments(text))
                            .as("placeholders of %s in %s", key, language)
                            .isEqualTo(english);
                }
            }
        }
    }

    @Test
    void everyTextIsAMessageFormatWithItsApostrophesDoubled() {
        for (Language language : Language.values()) {
            BUNDLES.get(language).forEach((key, value) -> {
                String text = (String) value;
                // A single ' starts a quoted part in MessageFormat and would swallow the placeholders after it.
                assertThat(text.replace("''", ""))
                        .as("%s in %s has a single apostrophe; write ''", key, language)
                        .doesNotContain("'");
                assertThatCode(() -> new MessageFormat(text))
                        .as("%s in %s", key, language)
                        .doesNotThrowAnyException();
            });
        }
    }

    @Test
    void everyKeyTheCodeUsesIsInTheBundlesAndEveryKeyInThemIsUsed() {
        Set<String> used = Stream.of(
                        Arrays.stream(Text.values()).map(Text::key),
                        Arrays.stream(Language.values()).map(Language::nameKey),
                        Stream.of(Durations.SECONDS, Durations.MINUTES, Durations.HOURS),
                        Commands.ALL.stream().map(CommandSpec::descriptionKey),
                        Commands.ALL.stream()
                                .flatMap(spec -> spec.options().stream())
                                .map(CommandOption::descriptionKey))
                .flatMap(keys -> keys)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> bundled = BUNDLES.get(Language.EN).stringPropertyNames();

        assertThat(difference(used, bundled))
                .as("keys the code uses that no bundle has")
                .isEmpty();
        assertThat(difference(bundled, used)).as("keys no code uses").isEmpty();
    }

    @Test
    void formatsThroughTheMessageSourceWithApostrophesAndArgumentsAsGiven() {
        assertThat(Text.WELCOME.in(Language.EN, "Ada")).startsWith("👋 Hi Ada! I'm an AI assistant.");
        assertThat(Text.UNKNOWN_COMMAND.in(Language.EN)).startsWith("I don't know that command.");
        assertThat(Text.LIMIT_MESSAGE_TOO_LONG.in(Language.EN, 12000, 4096))
                .contains("(12000 characters; the limit is 4096)");
        assertThat(Text.IMAGINE_PROGRESS.in(Language.ZH_TW, "a fox", "▓▓░░", 50))
                .isEqualTo("🎨 a fox\n▓▓░░ 50%");
        assertThat(Text.LIMIT_SET.in(Language.ZH, "tokens", "ada", 100)).isEqualTo("✅ 用户 `ada` 的 `tokens` 限额已设为 100。");
        assertThat(Text.CONTEXT_CLEARED.in(Language.ZH_TW)).isEqualTo("🆕 已開始新的對話，先前的內容已清除。");
    }

    @Test
    void writesDurationsInTheReadersLanguage() {
        assertThat(Durations.human(java.time.Duration.ofMinutes(192), Language.EN))
                .isEqualTo("3 h 12 min");
        assertThat(Durations.human(java.time.Duration.ofMinutes(192), Language.ZH))
                .isEqualTo("3 小时 12 分钟");
        assertThat(Durations.human(java.time.Duration.ofSeconds(42), Language.ZH_TW))
                .isEqualTo("42 秒");
    }

    private static Set<Integer> arguments(String text) {
        Set<Integer> found = new TreeSet<>();
        Matcher matcher = ARGUMENT.matcher(text);
        while (matcher.find()) {
            found.add(Integer.parseInt(matcher.group(1)));
        }
        return found;
    }

    private static Set<String> difference(Set<String> from, Set<String> minus) {
        Set<String> left = new TreeSet<>(from);
        left.removeAll(minus);
        return left;
    }

    private static Map<Language, Properties> bundles() {
        Map<Language, Properties> bundles = new LinkedHashMap<>();
        for (Language language : Language.values()) {
            // English is the base bundle; the others are found under their locale, as MessageSource looks them up.
            String file = Messages.BASENAME + (language == Language.EN ? "" : "_" + language.locale()) + ".properties";
            try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(file)) {
                assertThat(in).as(file).isNotNull();
                Properties properties = new Properties();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                bundles.put(language, properties);
            } catch (IOException e) {
                throw new IllegalStateException(file, e);
            }
        }
        return bundles;
    }
}
