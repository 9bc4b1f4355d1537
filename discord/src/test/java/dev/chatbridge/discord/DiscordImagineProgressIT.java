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
    void anUpscalePressedAgainThatTheProxyAnswersWith21ShowsTheUpscaleItMadeBefore() throws Exception {
        try (var own = DiscordTestBot.start()) {
            // The proxy's clock moves the jobs, so an upscale whose answer was lost still finishes.
            own.midjourney.advanceEvery(Duration.ofMillis(100));
            String fay = own.discord.user("fay");
            String channel = own.discord.generalChannelId();
            own.discord.slashCommand(channel, fay, "imagine", Map.of("prompt", "a harbour at dawn"));
            PostedMessage grid =
                    own.discord.awaitBotMessage(channel, m -> !m.attachments().isEmpty(), DiscordTestBot.WAIT);
            String u1 = grid.buttonKeys().getFirst().getFirst();
            // A gateway between times out: the proxy took the upscale, the bot heard 504.
            own.midjourney.nextSubmitAnswerLost(504);
            own.discord.pressButton(grid.id(), u1, fay);
            PostedMessage error = own.discord.awaitBotMessage(
                    channel, m -> m.content().contains("Midjourney proxy is not working"), DiscordTestBot.WAIT);
            assertThat(error.buttonLabels()).containsExactly(List.of("🔁 Try again"));
            String upscaleId = own.midjourney.tasks().stream()
                    .filter(task -> task.path("action").asString().equals("UPSCALE"))
                    .map(task -> task.path("id").asString())
                    .findFirst()
                    .orElseThrow();
            own.midjourney.await(
                    () -> own.midjourney
                            .task(upscaleId)
                            .map(task -> task.path("status").asString().equals("SUCCESS"))
                            .orElse(false),
                    DiscordTestBot.WAIT);
            long messagesBefore = channelMessages(own, channel);

            DispatchedInteraction again = own.discord.pressButton(grid.id(), u1, fay); // U1 again

            PostedMessage upscaled = own.discord.awaitBotMessage(
                    channel, m -> !m.attachments().isEmpty() && !m.id().equals(grid.id()), DiscordTestBot.WAIT);
            own.discord.await(
                    () -> again.acknowledged() && own.core.activeAnswers().count() == 0,
                    DiscordTestBot.WAIT,
                    "the press answered");
            assertThat(again.acknowledgedAfter()).isLessThan(Duration.ofSeconds(3));
            assertThat(own.midjourney
                            .submits()
                            .getLast()
                            .body()
                            .path("customId")
                            .asString())
                    .startsWith("MJ::JOB::upsample::1::");
            assertThat(upscaled.attachments()).containsExactly(upscaleId + ".png");
            assertThat(upscaled.buttonLabels().stream().flatMap(List::stream))
                    .contains("Upscale (Subtle)", "🪄 Vary (Strong)");
            assertThat(upscaled.replyTo()).isEqualTo(grid.id());
            assertThat(channelMessages(own, channel))
                    .as("the upscale alone: no progress message, no 'already exists'")
                    .isEqualTo(messagesBefore + 1);
            assertThat(own.midjourney.tasks().stream()
                            .filter(task -> task.path("action").asString().equals("UPSCALE")))
                    .as("nothing drawn twice")
                    .hasSize(1);
        }
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

    /** The bot's messages everyone in the channel sees (not the ephemeral answers to presses). */
    private static long channelMessages(DiscordTestBot bot, String channel) {
        return bot.discord.botMessages(channel).stream()
                .filter(m -> !m.ephemeral())
                .count();
    }
}
