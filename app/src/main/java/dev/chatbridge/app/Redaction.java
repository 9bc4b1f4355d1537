package dev.chatbridge.app;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Removes secrets from text that may reach a log, in both log formats: the plain console pattern
 * uses {@link #regex()} (through {@link LogRedactionEnvironment}) and JSON logs use {@link #secrets}.
 * Two kinds are masked: secrets of a known shape wherever they come from (Telegram and Discord bot
 * tokens, bearer tokens, sk- keys, the password in a URL), and the values this instance was
 * configured with (the Midjourney key, the webhook and notify secrets, ...), whatever their shape.
 */
final class Redaction {

    static final String MASK = "<redacted>";
    /** Configured secrets shorter than this would mask ordinary words; shapes above still apply. */
    static final int MIN_KNOWN_LENGTH = 4;

    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");
    /**
     * Telegram bot tokens, Discord bot tokens, bearer tokens, sk- keys and the password in
     * {@code scheme://user:password@host}. No quote characters: the console pattern quotes it.
     */
    private static final String SHAPES = "(\\d{5,}:[A-Za-z0-9_-]{30,})"
            + "|([MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,})"
            + "|(Bearer\\s+[A-Za-z0-9._~+/=-]+)"
            + "|(sk-[A-Za-z0-9_-]{12,})"
            + "|((?<=://[^:/@\\s]{0,64}:)[^@/\\s]+(?=@))";

    private static final Set<String> known = new LinkedHashSet<>();
    private static volatile String regex = SHAPES;
    private static volatile Pattern pattern = Pattern.compile(SHAPES);

    private Redaction() {}

    /** {@code redis://:secret@host:6379} → {@code redis://:***@host:6379}. */
    static String url(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***@");
    }

    /** Masks tokens, keys and the configured secrets anywhere in {@code text}. */
    static String secrets(String text) {
        return pattern.matcher(text).replaceAll(MASK);
    }

    /** Masks these configured values from now on (blank and very short ones are skipped). */
    static synchronized void remember(Collection<String> secrets) {
        secrets.stream()
                .filter(secret -> secret != null && secret.strip().length() >= MIN_KNOWN_LENGTH)
                .forEach(known::add);
        // Longest first, so a secret that contains another is masked whole.
        String values = known.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Redaction::literal)
                .collect(Collectors.joining("|"));
        regex = values.isEmpty() ? SHAPES : "(" + values + ")|" + SHAPES;
        pattern = Pattern.compile(regex);
    }

    /** The expression both formats mask; safe inside the console pattern's quoted option. */
    static String regex() {
        return regex;
    }

    /** The value as a regular expression that holds no quote, brace, % or $ of its own: letters and digits stay, the rest as \x{hh}. */
    private static String literal(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (c < 128 && Character.isLetterOrDigit(c)) {
                out.appendCodePoint(c);
            } else {
                out.append("\\x{").append(Integer.toHexString(c)).append('}');
            }
        });
        return out.toString();
    }
}
