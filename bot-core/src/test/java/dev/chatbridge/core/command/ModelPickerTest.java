package dev.chatbridge.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ModelListSettings;
import dev.chatbridge.core.chat.OfferedModels;
import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModelPickerTest {

    private static final List<String> IDS = IntStream.rangeClosed(1, 23)
            .mapToObj(n -> "model-%02d".formatted(n) + (n == 23 ? "-with-a-very-long-name-".repeat(4) : ""))
            .toList();

    private final InMemoryStorage storage = new InMemoryStorage();
    private final ModelPicker picker = new ModelPicker(
            storage.conversations(),
            new OfferedModels(() -> IDS, new ModelListSettings(List.of(), List.of(), Map.of("two", "model-02"))),
            new BotSettings("model-02", null, 4000, Duration.ofSeconds(30), false),
            storage.pacer());

    @Test
    void aPageHoldsTenModelsInRowsOfTwoAndARowToPage() {
        ModelPicker.Page first = picker.page(IDS, "model-02", 1, Language.EN);
        assertThat(first.rows()).hasSize(6);
        assertThat(models(first)).hasSize(ModelPicker.PAGE_SIZE).first().isEqualTo("model-01");
        assertThat(first.rows().get(0).get(1).text()).isEqualTo("✅ model-02 (two)");
        assertThat(first.rows().getLast()).extracting(Button::text).containsExactly("1/3", "▶");
        assertThat(first.text()).contains(Text.MODELS_PAGE.in(Language.EN, 1, 3, 23));

        ModelPicker.Page middle = picker.page(IDS, "model-02", 2, Language.EN);
        assertThat(models(middle)).first().isEqualTo("model-11");
        assertThat(middle.rows().getLast()).extracting(Button::text).containsExactly("◀", "2/3", "▶");
        assertThat(middle.rows().getLast()).extracting(Button::key).containsExactly("md:#1", "md:#2", "md:#3");
        assertThat(models(middle)).noneMatch(label -> label.startsWith("✅"));
    }

    @Test
    void aPageBeyondTheListShowsTheLastOneAndEveryKeyFitsTelegramsSixtyFourBytes() {
        ModelPicker.Page last = picker.page(IDS, "model-02", 9, Language.EN);
        assertThat(last.number()).isEqualTo(3);
        assertThat(models(last)).hasSize(3);
        assertThat(last.rows().getLast()).extracting(Button::text).containsExactly("◀", "3/3");
        assertThat(last.rows().stream().flatMap(List::stream))
                .allSatisfy(button -> assertThat(button.key().getBytes(StandardCharsets.UTF_8).length)
                        .isBetween(1, 64));
    }

    @Test
    void aShortListHasNoPagingRow() {
        ModelPicker.Page only = picker.page(IDS.subList(0, 4), "model-02", 1, Language.EN);
        assertThat(only.rows()).hasSize(2);
        assertThat(only.text()).isEqualTo(Text.MODELS_PICK.in(Language.EN, "model-02"));
    }

    private static List<String> models(ModelPicker.Page page) {
        return page.rows().stream()
                .flatMap(List::stream)
                .filter(button -> !button.key().startsWith("md:#"))
                .map(Button::text)
                .toList();
    }
}
