package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.discord.PostedMessage;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The upscaled image's buttons through the real JDA client: Discord's rows, its limits, and presses that work. */
class DiscordMidjourneyButtonsIT {

    private static DiscordTestBot t;

    @BeforeAll
    static void startBot() throws Exception {
        t = DiscordTestBot.start();
    }

    @AfterAll
    static void stopBot() throws Exception {
        t.close();
    }

    @Test
    void showsTheUpscaledImagesButtonsInRowsWithinDiscordsLimitsAndTheirPressesRun() {
        String erin = t.discord.user("erin");
        String channel = t.discord.generalChannelId();
        t.discord.slashCommand(channel, erin, "imagine", Map.of("prompt", "a windmill at dawn"));
        PostedMessage grid =
                t.discord.awaitBotMessage(channel, m -> !m.attachments().isEmpty(), DiscordTestBot.WAIT);
        t.discord.pressButton(grid.id(), grid.buttonKeys().get(0).get(0), erin); // U1
        PostedMessage upscaled = t.discord.awaitBotMessage(
                channel, m -> !m.attachments().isEmpty() && !m.id().equals(grid.id()), DiscordTestBot.WAIT);

        // The fake Discord refuses more than 5 rows of 5 and custom ids over 100 characters, so posting proves them.
        assertThat(upscaled.buttonLabels())
                .containsExactly(
                        List.of("Upscale (Subtle)", "Upscale (Creative)"),
                        List.of("🪄 Vary (Subtle)", "🪄 Vary (Strong)", "🖌️ Vary (Region)"),
                        List.of("🔍 Zoom Out 2x", "🔍 Zoom Out 1.5x", "🔍 Custom Zoom", "Make Square"),
                        List.of("⬅️", "➡️", "⬆️", "⬇️"));
        // Custom Zoom's key is marked "mjf:": its press answers with a modal first (AskKeys.PRESS_FORM).
        assertThat(upscaled.buttonKeys())
                .allSatisfy(row -> assertThat(row)
                        .allSatisfy(key -> assertThat(key).matches("mjf?:.+").hasSizeLessThanOrEqualTo(100)));
        assertThat(upscaled.buttonKeys().get(2).get(2)).startsWith("mjf:");
        JsonNode upscaleTask = t.midjourney.tasks().stream()
                .filter(task -> task.path("action").asString().equals("UPSCALE"))
                .reduce((a, b) -> b)
                .orElseThrow();

        t.discord.pressButton(upscaled.id(), upscaled.buttonKeys().get(3).get(1), erin); // ➡️
        t.discord.pressButton(upscaled.id(), upscaled.buttonKeys().get(0).get(0), erin); // Upscale (Subtle)

        t.discord.await(
                () -> t.discord.botMessages(channel).stream()
                                .filter(m -> !m.attachments().isEmpty())
                                .count()
                        >= 4,
                DiscordTestBot.WAIT,
                "the pan's grid and the subtle upscale");
        assertThat(t.midjourney.submits())
                .filteredOn(s -> s.body()
                        .path("taskId")
                        .asString()
                        .equals(upscaleTask.path("id").asString()))
                .extracting(FakeMidjourneyProxy.Submit::body)
                .extracting(body -> body.path("customId").asString())
                .containsExactlyInAnyOrder(
                        customIdStartingWith(upscaleTask, "MJ::JOB::pan_right::1::"),
                        customIdStartingWith(upscaleTask, "MJ::JOB::upsample_v6_2x_subtle::1::"));
        assertThat(t.discord.botMessages(channel).stream()
                        .filter(m -> !m.attachments().isEmpty())
                        .map(m -> m.buttonKeys().stream().mapToInt(List::size).sum()))
                .contains(9, 13);
        assertThat(t.discord.rateLimitedCalls()).isZero();
    }

    private static String customIdStartingWith(JsonNode task, String prefix) {
        return task.path("buttons").values().stream()
                .map(button -> button.path("customId").asString())
                .filter(id -> id.startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }
}
