package dev.chatbridge.core.text;

import org.jspecify.annotations.Nullable;

/** The languages the bot speaks, chosen from the user's client language. */
public enum Language {
    EN,
    ZH;

    /** Telegram sends IETF tags such as "zh-hans"; Discord sends "zh-CN". Anything else gets English. */
    public static Language fromTag(@Nullable String tag) {
        return tag != null && tag.toLowerCase().startsWith("zh") ? ZH : EN;
    }
}
