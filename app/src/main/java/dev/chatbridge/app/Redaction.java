package dev.chatbridge.app;

import java.util.regex.Pattern;

/** Removes secrets from text that may reach a log. */
final class Redaction {

    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");

    private Redaction() {}

    /** {@code redis://:secret@host:6379} → {@code redis://:***@host:6379}. */
    static String url(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***@");
    }
}
