package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Every button under an upscaled image on Telegram: laid out in Discord's rows, and each press runs its action. */
class TelegramMidjourneyButtonsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TelegramTestBot t = TelegramTestBot.forTheClass();

    @Test
    void showsTheUpscaledImagesButtonsInDiscordsRowsAndEachPressRunsItsExactCustomId() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/imagine a lighthouse at dusk");
        SentMessage grid = awaitPhotos(chat, 1).getFirst();
        press(chat, grid, "U1");
        SentMessage upscaled = awaitPhotos(chat, 2).get(1);

        assertThat(rows(upscaled))
                .containsExactly(
                        List.of("Upscale (Subtle)", "Upscale (Creative)"),
                        List.of("🪄 Vary (Subtle)", "🪄 Vary (Strong)", "🖌️ Vary (Region)"),
                        List.of("🔍 Zoom Out 2x", "🔍 Zoom Out 1.5x", "🔍 Custom Zoom", "Make Square"),
                        List.of("⬅️", "➡️", "⬆️", "⬇️"));
        assertThat(upscaled.callbackData())
                .hasSize(13)
                .doesNotHaveDuplicates()
                .allSatisfy(data ->
                        assertThat(data.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64));

        JsonNode upscaleTask = t.midjourney.tasks().stream()
                .filter(task -> task.path("action").asString().equals("UPSCALE"))
                .reduce((a, b) -> b)
                .orElseThrow();
        Map<String, String> pressed = Map.of(
                "Vary (Strong)", "MJ::JOB::high_variation::1::",
                "Zoom Out 2x", "MJ::Outpaint::50::1::",
                "⬅️", "MJ::JOB::pan_left::1::",
                "Make Square", "MJ::Outpaint::100::1::",
                "Upscale (Creative)", "MJ::JOB::upsample_v6_2x_creative::1::");
        List<String> expectedIds = new ArrayList<>();
        for (var button : pressed.entrySet()) {
            expectedIds.add(customIdStartingWith(upscaleTask, button.getValue()));
            press(chat, upscaled, button.getKey());
        }

        List<SentMessage> results = awaitPhotos(chat, 2 + pressed.size()).subList(2, 2 + pressed.size());
        List<JsonNode> actions = t.midjourney.submits().stream()
                .filter(s -> s.path().equals("/mj/submit/action"))
                .filter(s -> s.body()
                        .path("taskId")
                        .asString()
                        .equals(upscaleTask.path("id").asString()))
                .map(FakeMidjourneyProxy.Submit::body)
                .toList();
        assertThat(actions)
                .extracting(body -> body.path("customId").asString())
                .containsExactlyInAnyOrderElementsOf(expectedIds)
                .allSatisfy(id -> assertThat(id).endsWith("::SOLO"));
        // Vary, zoom, pan and Make Square draw a new grid; Upscale (Creative) an image with its own buttons.
        assertThat(results)
                .extracting(result -> result.callbackData().size())
                .containsExactlyInAnyOrder(9, 9, 9, 9, 13);
        assertThat(t.telegram.rateViolations(chat)).isZero();
    }

    private static List<List<String>> rows(SentMessage message) {
        List<List<String>> rows = new ArrayList<>();
        message.replyMarkup().path("inline_keyboard").forEach(row -> {
            List<String> texts = new ArrayList<>();
            row.forEach(button -> texts.add(button.path("text").asString("")));
            rows.add(texts);
        });
        return rows;
    }

    private static void press(long chat, SentMessage message, String label) {
        List<String> labels = rows(message).stream().flatMap(List::stream).toList();
        int index = -1;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equals(label) || labels.get(i).endsWith(" " + label)) {
                index = i;
            }
        }
        assertThat(index).as("button %s in %s", label, labels).isNotNegative();
        t.telegram.pressButton(
                chat, chat, message.messageId(), message.callbackData().get(index));
    }

    private static String customIdStartingWith(JsonNode task, String prefix) {
        return task.path("buttons").values().stream()
                .map(button -> button.path("customId").asString())
                .filter(id -> id.startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    private static List<SentMessage> awaitPhotos(long chat, int count) {
        await(count + " photos", () -> photos(chat).size() >= count, WAIT);
        return photos(chat);
    }

    private static List<SentMessage> photos(long chat) {
        return t.telegram.messages(chat).stream().filter(SentMessage::photo).toList();
    }
}
