package dev.chatbridge.core.imagine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.text.Language;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridButtonsTest {

    private static final String HASH = "39d7cf9f-c2f0-4adf-a124-0020fb9f867f";

    /** What trueai-org's proxy sends under a v6 upscale, flat and in Discord's order, custom emoji by name. */
    private static List<TaskButton> upscaled() {
        return List.of(
                new TaskButton(
                        "MJ::JOB::upsample_v6_2x_subtle::1::" + HASH + "::SOLO", "Upscale (Subtle)", "upscale_1"),
                new TaskButton(
                        "MJ::JOB::upsample_v6_2x_creative::1::" + HASH + "::SOLO", "Upscale (Creative)", "upscale_1"),
                new TaskButton("MJ::JOB::low_variation::1::" + HASH + "::SOLO", "Vary (Subtle)", "🪄"),
                new TaskButton("MJ::JOB::high_variation::1::" + HASH + "::SOLO", "Vary (Strong)", "🪄"),
                new TaskButton("MJ::Inpaint::1::" + HASH + "::SOLO", "Vary (Region)", "🖌️"),
                new TaskButton("MJ::Outpaint::50::1::" + HASH + "::SOLO", "Zoom Out 2x", "🔍"),
                new TaskButton("MJ::Outpaint::75::1::" + HASH + "::SOLO", "Zoom Out 1.5x", "🔍"),
                new TaskButton("MJ::CustomZoom::" + HASH, "Custom Zoom", "🔍"),
                new TaskButton("MJ::Outpaint::100::1::" + HASH + "::SOLO", "Make Square", ""),
                new TaskButton("MJ::JOB::pan_left::1::" + HASH + "::SOLO", "", "⬅️"),
                new TaskButton("MJ::JOB::pan_right::1::" + HASH + "::SOLO", "", "➡️"),
                new TaskButton("MJ::JOB::pan_up::1::" + HASH + "::SOLO", "", "⬆️"),
                new TaskButton("MJ::JOB::pan_down::1::" + HASH + "::SOLO", "", "⬇️"),
                new TaskButton("MJ::BOOKMARK::" + HASH, "", "❤️"));
    }

    @Test
    void laysOutAnUpscaledImageInDiscordsRowsWithoutFavorite() {
        List<List<String>> faces = faces(GridButtons.layout(upscaled()));

        assertThat(faces)
                .containsExactly(
                        List.of("Upscale (Subtle)", "Upscale (Creative)"),
                        List.of("🪄 Vary (Subtle)", "🪄 Vary (Strong)", "🖌️ Vary (Region)"),
                        List.of("🔍 Zoom Out 2x", "🔍 Zoom Out 1.5x", "🔍 Custom Zoom", "Make Square"),
                        List.of("⬅️", "➡️", "⬆️", "⬇️"));
    }

    @Test
    void keepsTheGridLayout() {
        List<TaskButton> grid = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            grid.add(new TaskButton("MJ::JOB::upsample::" + i + "::" + HASH, "U" + i, ""));
        }
        grid.add(new TaskButton("MJ::JOB::reroll::0::" + HASH + "::SOLO", "", "🔄"));
        for (int i = 1; i <= 4; i++) {
            grid.add(new TaskButton("MJ::JOB::variation::" + i + "::" + HASH, "V" + i, ""));
        }

        assertThat(faces(GridButtons.layout(grid)))
                .containsExactly(List.of("U1", "U2", "U3", "U4", "🔄"), List.of("V1", "V2", "V3", "V4"));
    }

    @Test
    void putsUnknownButtonsBelowAndStaysWithinFiveRowsOfFive() {
        List<TaskButton> buttons = new ArrayList<>(upscaled());
        buttons.add(new TaskButton("MJ::JOB::animate_high::1::" + HASH + "::SOLO", "Animate (High motion)", ""));
        buttons.add(new TaskButton("MJ::JOB::animate_low::1::" + HASH + "::SOLO", "Animate (Low motion)", ""));
        for (int i = 0; i < 7; i++) {
            buttons.add(new TaskButton("MJ::Something::" + i + "::" + HASH, "Extra " + i, ""));
        }

        List<List<TaskButton>> rows = GridButtons.layout(buttons);

        assertThat(rows)
                .hasSizeLessThanOrEqualTo(5)
                .allSatisfy(row -> assertThat(row).hasSizeBetween(1, 5));
        // Six rows' worth: the two shortest neighbours share a row, as Discord showed v6 upscales.
        assertThat(faces(rows).get(0))
                .containsExactly(
                        "Upscale (Subtle)",
                        "Upscale (Creative)",
                        "🪄 Vary (Subtle)",
                        "🪄 Vary (Strong)",
                        "🖌️ Vary (Region)");
        assertThat(faces(rows).stream().flatMap(List::stream))
                .contains("Animate (High motion)", "⬅️", "🔍 Custom Zoom", "🪄 Vary (Strong)");
    }

    @Test
    void givesEveryButtonAShortKeyThatResolvesToItsLongCustomId() {
        InMemoryButtonKeys keys = new InMemoryButtonKeys(Duration.ofDays(1), Clock.systemUTC());
        ImagineJob job = new ImagineJob(
                "1726667730000001",
                "telegram",
                "42",
                "7",
                Language.EN,
                "a fox",
                null,
                null,
                0,
                0,
                Task.Status.SUCCESS,
                100,
                1000,
                false,
                false);
        Task task = new Task("1726667730000001", "UPSCALE", Task.Status.SUCCESS, 100, null, null, "a fox", upscaled());

        List<List<Button>> rows = GridButtons.rows(keys, job, task, upscaled());

        List<Button> all = rows.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(13).allSatisfy(button -> {
            assertThat(button.key().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
            assertThat(button.key().length()).isLessThanOrEqualTo(100);
        });
        Button vary = rows.get(1).get(1);
        assertThat(keys.resolve(vary.key()).orElseThrow().customId())
                .isEqualTo("MJ::JOB::high_variation::1::" + HASH + "::SOLO")
                .hasSizeGreaterThan(64);
    }

    private static List<List<String>> faces(List<List<TaskButton>> rows) {
        return rows.stream()
                .map(row -> row.stream().map(TaskButton::face).toList())
                .toList();
    }
}
