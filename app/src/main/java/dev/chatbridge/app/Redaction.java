package dev.chatbridge.app;

import java.util.regex.Pattern;

/** Removes secrets from text that may reach a log. */
final class Redaction {

    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");
    /** Telegram bot tokens, bearer tokens and sk- keys; the same expression as the console pattern's. */
    private static final Pattern SECRETS =
            Pattern.compile("(\\d{5,}:[A-Za-z0-9_-]{30,})|(Bearer\\s+[A-Za-z0-9._~+/=-]+)|(sk-[A-Za-z0-9_-]{12,})");

    private Redaction() {}

    /** {@code redis://:secret@host:6379} → {@code redis://:***@host:6379}. */
    static String url(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***@");
    }

    /** Masks tokens and keys anywhere in {@code text}. */
    static String secrets(String text) {
        return SECRETS.matcher(text).replaceAll("<redacted>");
    }
}
