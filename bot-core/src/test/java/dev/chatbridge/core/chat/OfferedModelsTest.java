package dev.chatbridge.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfferedModelsTest {

    private static final List<String> GATEWAY = List.of(
            "gpt-4o",
            "text-embedding-3-small",
            "tts-1",
            "gpt-4o-mini-tts",
            "whisper-1",
            "dall-e-3",
            "omni-moderation-latest",
            "Claude-3-5-sonnet",
            "gpt-4o-mini",
            "deepseek-chat",
            "gpt-4o");

    private static OfferedModels offered(ModelListSettings settings) {
        return new OfferedModels(() -> GATEWAY, settings);
    }

    @Test
    void theDefaultsDropNonChatModelsAndSortTheRestOnce() {
        assertThat(offered(ModelListSettings.defaults()).models())
                .containsExactly("Claude-3-5-sonnet", "deepseek-chat", "gpt-4o", "gpt-4o-mini");
    }

    @Test
    void includePatternsKeepOnlyWhatMatchesAndExclusionsStillApply() {
        var settings = new ModelListSettings(List.of("GPT-*", "claude-?-5-*"), List.of("*mini*"), Map.of());
        assertThat(offered(settings).models()).containsExactly("Claude-3-5-sonnet", "gpt-4o");
    }

    @Test
    void patternsAreLiteralApartFromStarAndQuestionMark() {
        var settings = new ModelListSettings(List.of("gpt-4o.mini", "deepseek-(chat)"), List.of(), Map.of());
        assertThat(offered(settings).models()).isEmpty();
    }

    @Test
    void anExcludedModelIsRefusedEvenWhenTheListCannotBeRead() {
        OfferedModels models = new OfferedModels(
                () -> {
                    throw new ModelCatalog.ModelListUnavailableException("down");
                },
                ModelListSettings.defaults());
        assertThat(models.choose("text-embedding-3-large"))
                .isEqualTo(new ModelCatalog.Choice.Excluded("text-embedding-3-large"));
        assertThatThrownBy(() -> models.choose("gpt-4o"))
                .isInstanceOf(ModelCatalog.ModelListUnavailableException.class);
    }

    @Test
    void choosesByIdIgnoringCaseByAliasOrNotAtAll() {
        var settings = new ModelListSettings(
                List.of(), ModelListSettings.DEFAULT_EXCLUDE, ModelListSettings.parseAliases(" Fast = gpt-4o-mini ,"));
        OfferedModels models = offered(settings);
        assertThat(models.choose("GPT-4O")).isEqualTo(new ModelCatalog.Choice.Offered("gpt-4o"));
        assertThat(models.choose("fast")).isEqualTo(new ModelCatalog.Choice.Offered("gpt-4o-mini"));
        assertThat(models.choose("tts-1")).isEqualTo(new ModelCatalog.Choice.Excluded("tts-1"));
        assertThat(models.choose("gpt-5")).isEqualTo(new ModelCatalog.Choice.Unknown());
        assertThat(models.aliasOf("gpt-4o-mini")).contains("fast");
        assertThat(models.aliasOf("gpt-4o")).isEmpty();
    }

    @Test
    void searchFindsSubstringsOfIdsAndAliasesAndStopsAtTheLimit() {
        var settings =
                new ModelListSettings(List.of(), ModelListSettings.DEFAULT_EXCLUDE, Map.of("speedy", "deepseek-chat"));
        OfferedModels models = offered(settings);
        assertThat(models.search("MINI", 25)).containsExactly("gpt-4o-mini");
        assertThat(models.search("speed", 25)).containsExactly("deepseek-chat");
        assertThat(models.search("", 2)).containsExactly("Claude-3-5-sonnet", "deepseek-chat");
    }

    @Test
    void aliasesNeedANameAndAModel() {
        assertThatThrownBy(() -> ModelListSettings.parseAliases("fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelListSettings(List.of(), List.of(), Map.of("fast", " ")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
