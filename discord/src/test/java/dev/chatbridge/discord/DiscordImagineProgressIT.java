package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.discord.DispatchedInteraction;
import dev.chatbridge.testsupport.discord.PostedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /imagine on Discord: the preview as the progress embed's image, the final prompt, and "try again". */
class DiscordImagineProgressIT {

    private static final Duration PREVIEW_INTERVAL = Duration.ofMillis(1500);
    private static DiscordTestBot t;

    @BeforeAll
    static void start() throws Exception {
        t = DiscordTestBot.start(new DiscordTestBot.Options().previewInterval(PREVIEW_INTERVAL));
    }

    @AfterAll
    static void stop() throws Exception {
        t.close();
    }

    @Test
    void theProgressEmbedShowsTheUploadedPreviewAndTheGridReplacesIt() {
        t.midjourney
                .previewImages(true)
                .progressSteps(
                        IntStream.rangeClosed(1, 16).map(i -> i * 6).boxed().toList());
        String carol = t.discord.user("carol");
        String channel = t.discord.generalChannelId();
        DispatchedInteraction imagine =
                t.discord.slashCommand(channel, carol, "imagine", Map.of("prompt", "a fox with a preview"));

        t.discord.await(
                () -> imagine.originalMessageId() != null
                        && t.discord
                                .message(imagine.originalMessageId())
                                .map(m -> m.attachments().contains(DiscordChatChannel.PREVIEW_NAME))
                                .orElse(false),
                DiscordTestBot.WAIT,
                "the progress embed to show a preview");
        PostedMessage progress = t.discord.message(imagine.originalMessageId()).orElseThrow();
        assertThat(progress.embeds().path(0).path("image").path("url").asString())
                .isEqualTo("attachment://" + DiscordChatChannel.PREVIEW_NAME);
        assertThat(progress.embedTitle()).isEqualTo("a fox with a preview");
        assertThat(progress.embedDescription()).contains("%");
        assertThat(progress.attachments()).containsExactly(DiscordChatChannel.PREVIEW_NAME);

        PostedMessage grid = t.discord.awaitBotMessage(
                channel,
                m -> m.attachments().stream().anyMatch(name -> name.endsWith(".png") && !name.equals("preview.png")),
                DiscordTestBot.WAIT);
        assertThat(grid.buttonLabels().getFirst()).contains("U1");
        t.discord.await(
                () -> t.discord
                        .message(imagine.originalMessageId())
                        .orElseThrow()
                        .deleted(),
                DiscordTestBot.WAIT,
                "the preview message to go");
        List<JsonNode> versions =
                t.discord.message(imagine.originalMessageId()).orElseThrow().embedHistory();
        long withImage = versions.stream()
                .filter(embeds -> embeds.path(0).path("image").has("url"))
                .count();
        assertThat(withImage)
                .as("later progress keeps the picture in the embed")
                .isGreaterThan(1);
        assertThat(t.discord.rateLimitedCalls()).isZero();
        t.midjourney.previewImages(false);
    }

    @Test
    void showsWhatMidjourneyDrewUnderTheGrid() {
        t.midjourney.finalPrompt("一只在雪中的狐狸", "a fox in the snow, soft light");
        String dave = t.discord.user("dave");
        String channel = t.discord.generalChannelId();
        t.discord.slashCommand(channel, dave, "imagine", Map.of("prompt", "一只在雪中的狐狸"));

        PostedMessage grid = t.discord.awaitBotMessage(
                channel, m -> !m.attachments().isEmpty() && m.content().contains("一只在雪中的狐狸"), DiscordTestBot.WAIT);

        assertThat(grid.content()).contains("Midjourney drew: a fox in the snow, soft light");
    }

    @Test
    void aFailedJobOffersTryAgainUnderItsRedEmbed() {
        t.midjourney.failTaskOnce("a stormy lighthouse", "the job timed out");
        String erin = t.discord.user("erin");
        String channel = t.discord.generalChannelId();
        DispatchedInteraction imagine =
                t.discord.slashCommand(channel, erin, "imagine", Map.of("prompt", "a stormy lighthouse"));
        t.discord.await(
                () -> imagine.originalMessageId() != null
                        && t.discord
                                .message(imagine.originalMessageId())
                                .orElseThrow()
                                .embedDescription()
                                .startsWith("❌"),
                DiscordTestBot.WAIT,
                "the progress embed to fail");
        PostedMessage failed = t.discord.message(imagine.originalMessageId()).orElseThrow();
        assertThat(failed.content()).isEmpty();
        assertThat(failed.embedDescription()).contains("the job timed out");
        assertThat(failed.buttonLabels()).containsExactly(List.of("🔁 Try again"));

        DispatchedInteraction press = t.discord.pressButton(
                failed.id(), failed.buttonKeys().getFirst().getFirst(), erin);

        PostedMessage grid = t.discord.awaitBotMessage(
                channel,
                m -> !m.attachments().isEmpty() && m.content().contains("a stormy lighthouse"),
                DiscordTestBot.WAIT);
        assertThat(press.acknowledgedAfter()).isLessThan(Duration.ofSeconds(3));
        assertThat(grid.buttonLabels().getFirst()).contains("U1");
        assertThat(t.midjourney.submits().stream()
                        .filter(s -> s.path().equals("/mj/submit/imagine"))
                        .filter(s -> s.body().path("prompt").asString().equals("a stormy lighthouse")))
                .hasSize(2);
    }
}
