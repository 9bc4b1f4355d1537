package dev.chatbridge.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "zh-TW, ZH_TW", // Discord, Taiwan
                "zh-HK, ZH_TW",
                "zh-MO, ZH_TW",
                "zh-hant, ZH_TW", // Telegram's tag for Traditional
                "zh-Hant-HK, ZH_TW",
                "zh_TW, ZH_TW",
                "zh-CN, ZH", // Discord, mainland
                "zh-hans, ZH", // Telegram's tag for Simplified
                "zh-Hans-HK, ZH", // Simplified script asked for, whatever the region
                "zh-SG, ZH",
                "zh, ZH",
                "en, EN",
                "en-GB, EN",
                "de, EN",
                "zu, EN", // starts with z, is not Chinese
                "'', EN",
                "null, EN"
            })
    void mapsAClientsLanguageTagToTheLanguageItReads(String tag, Language expected) {
        assertThat(Language.fromTag(tag)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"en, EN", "zh-CN, ZH", "zh-TW, ZH_TW"})
    void readsBackTheCodeItIsStoredUnder(String code, Language language) {
        assertThat(language.code()).isEqualTo(code);
        assertThat(Language.parse(code)).contains(language);
    }
}
