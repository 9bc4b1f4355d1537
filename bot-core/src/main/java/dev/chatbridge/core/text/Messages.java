package dev.chatbridge.core.text;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The bundles of texts, {@code dev/chatbridge/core/text/messages*.properties}, read through
 * Spring's {@link MessageSource}. Every text is formatted with {@link java.text.MessageFormat},
 * with or without arguments, so a bundle always writes an apostrophe as {@code ''} (checked by
 * MessagesTest). Arguments are passed as strings, as {@code %s} did before: a number is shown as
 * given ({@code 4096}, not {@code 4,096}).
 */
public final class Messages {

    static final String BASENAME = "dev/chatbridge/core/text/messages";

    private static final MessageSource SOURCE = source();

    private Messages() {}

    /** The text under {@code key} in {@code language}; a missing key throws, it is a bug MessagesTest catches. */
    public static String get(String key, Language language, Object... args) {
        Object[] strings = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        return SOURCE.getMessage(key, strings, language.locale());
    }

    static MessageSource source() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename(BASENAME);
        source.setDefaultEncoding("UTF-8");
        // A server running with a Chinese default locale must still answer English users in English.
        source.setFallbackToSystemLocale(false);
        source.setAlwaysUseMessageFormat(true);
        return source;
    }
}
