package dev.chatbridge.core.text;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The languages the bot speaks: chosen from the user's client language, unless the user chose one
 * with {@code /language}. Each has its bundle of texts ({@code messages*.properties}, see {@link Messages}).
 */
public enum Language {
    EN("en", Locale.ENGLISH),
    /** Simplified Chinese: every Chinese client that does not ask for Traditional. */
    ZH("zh-CN", Locale.SIMPLIFIED_CHINESE),
    /** Traditional Chinese, Taiwan usage: clients in Taiwan, Hong Kong and Macau, or asking for zh-Hant. */
    ZH_TW("zh-TW", Locale.TRADITIONAL_CHINESE);

    private final String code;
    private final Locale locale;

    Language(String code, Locale locale) {
        this.code = code;
        this.locale = locale;
    }

    /** The BCP 47 tag users type and settings store: {@code en}, {@code zh-CN}, {@code zh-TW}. */
    public String code() {
        return code;
    }

    /** Its own name as {@code reader} reads it: "Traditional Chinese", "繁體中文". */
    public String nameIn(Language reader) {
        return Messages.get(nameKey(), reader);
    }

    /** The key of its name in the bundles: {@code language.name.zh.tw}. */
    String nameKey() {
        return "language.name." + code.toLowerCase(Locale.ROOT).replace('-', '.');
    }

    /** The locale its bundle is found under. */
    public Locale locale() {
        return locale;
    }

    /**
     * Telegram sends IETF tags such as "zh-hans" or "zh-hant"; Discord sends "zh-CN" and "zh-TW".
     * Anything that is not Chinese gets English.
     */
    public static Language fromTag(@Nullable String tag) {
        return tag == null ? EN : parse(tag).orElse(EN);
    }

    /**
     * A language a user named ({@code /language zh-TW}), or one stored in their settings; empty
     * when it is none the bot speaks.
     */
    public static Optional<Language> parse(String tag) {
        String lower = tag.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (lower.equals("en") || lower.startsWith("en-")) {
            return Optional.of(EN);
        }
        if (!lower.equals("zh") && !lower.startsWith("zh-")) {
            return Optional.empty();
        }
        // zh-Hant(-*), or a region that writes Traditional characters; zh-Hans-HK stays Simplified.
        boolean traditional = lower.startsWith("zh-hant")
                || (!lower.startsWith("zh-hans")
                        && (lower.endsWith("-tw") || lower.endsWith("-hk") || lower.endsWith("-mo")));
        return Optional.of(traditional ? ZH_TW : ZH);
    }
}
