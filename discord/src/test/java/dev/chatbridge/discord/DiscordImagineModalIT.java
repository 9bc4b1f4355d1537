package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.imagine.RegionEditor;
import dev.chatbridge.testsupport.discord.DispatchedInteraction;
import dev.chatbridge.testsupport.discord.PostedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Midjourney actions that need input, on Discord: Custom Zoom answers its press with a modal (it cannot follow a
 * deferral), a Remix that the proxy holds in MODAL posts an "Edit prompt" button whose press opens one, and the
 * submitted modal's text reaches {@code /mj/submit/modal}.
 */
class DiscordImagineModalIT {

    private static DiscordTestBot t;

    @BeforeAll
    static void start() throws Exception {
        t = DiscordTestBot.start();
        t.midjourney.progressSteps(List.of(50));
    }

    @AfterAll
    static void stop() throws Exception {
        t.close();
    }

    @AfterEach
    void remixOff() {
        t.midjourney.remix(false);
    }

    @Test
    void customZoomOpensAModalFirstAndItsSubmissionReachesTheProxy() {
        String gus = t.discord.user("gus");
        String channel = t.discord.addTextChannelNow("zoom");
        PostedMessage grid = imagine(channel, gus, "castle on a hill");
        t.discord.pressButton(grid.id(), grid.buttonKeys().get(0).get(0), gus); // U1
        PostedMessage upscaled = awaitPicture(channel, grid.id());
        String zoomKey = key(upscaled, "Custom Zoom");
        int actions = submits("/mj/submit/action");

        DispatchedInteraction tooFar = openModal(upscaled, zoomKey, gus);
        assertThat(submits("/mj/submit/action")).isEqualTo(actions); // nothing pressed at the proxy yet
        JsonNode modal = tooFar.modal();
        assertThat(modal.path("custom_id").asString()).startsWith("mjf:");
        assertThat(modal.path("title").asString()).isEqualTo("Custom Zoom");
        assertThat(modal.at("/components/0/component/value").asString()).isEqualTo("castle on a hill --zoom 2");
        assertThat(notice(t.discord.submitModal(tooFar, gus, Map.of("prompt", "castle on a hill --zoom 5"))))
                .contains("1.0 to 2.0", "not `5`");

        DispatchedInteraction opened = openModal(upscaled, zoomKey, gus);
        DispatchedInteraction submitted =
                t.discord.submitModal(opened, gus, Map.of("prompt", "castle on a hill --zoom 1.5"));

        assertThat(notice(submitted)).contains("On it");
        assertThat(submitted.acknowledgedAfter()).isLessThan(Duration.ofSeconds(3));
        awaitPicture(channel, grid.id(), upscaled.id());
        assertThat(t.midjourney.modalSubmits())
                .last()
                .satisfies(body -> assertThat(body.prompt()).isEqualTo("castle on a hill --zoom 1.5"));
        assertThat(t.midjourney.submits().stream()
                        .filter(s -> s.path().equals("/mj/submit/action"))
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .body()
                        .path("customId")
                        .asString())
                .startsWith("MJ::CustomZoom::");
    }

    @Test
    void aRemixHeldInModalOffersAnEditButtonThatOpensTheModal() {
        t.midjourney.remix(true);
        String hal = t.discord.user("hal");
        String channel = t.discord.addTextChannelNow("remix");
        PostedMessage grid = imagine(channel, hal, "a lighthouse at dusk");
        int modals = t.midjourney.modalSubmits().size();

        assertThat(notice(t.discord.pressButton(
                        grid.id(), grid.buttonKeys().get(1).get(0), hal))) // V1
                .contains("On it");
        PostedMessage ask = t.discord.awaitBotMessage(
                channel,
                m -> m.buttonKeys().stream().flatMap(List::stream).anyMatch(k -> k.startsWith("mja:e:")),
                DiscordTestBot.WAIT);
        assertThat(ask.buttonLabels().getFirst())
                .containsExactly("✏️ Edit prompt", "✅ Keep current prompt", "✖️ Cancel");
        assertThat(t.midjourney.modalSubmits()).hasSize(modals);

        DispatchedInteraction opened = openModal(ask, ask.buttonKeys().get(0).get(0), hal);
        assertThat(opened.modal().at("/components/0/component/value").asString())
                .isEqualTo("a lighthouse at dusk");
        assertThat(notice(t.discord.submitModal(opened, hal, Map.of("prompt", "a lighthouse at dawn"))))
                .contains("On it");

        awaitPicture(channel, grid.id());
        assertThat(t.midjourney.modalSubmits())
                .last()
                .satisfies(body -> assertThat(body.prompt()).isEqualTo("a lighthouse at dawn"));
    }

    @Test
    void varyRegionWithoutAPublicAddressSaysWhy() {
        String ivy = t.discord.user("ivy");
        String channel = t.discord.addTextChannelNow("region-off");
        PostedMessage grid = imagine(channel, ivy, "a cat on a sofa");
        t.discord.pressButton(grid.id(), grid.buttonKeys().get(0).get(1), ivy); // U2
        PostedMessage upscaled = awaitPicture(channel, grid.id());

        DispatchedInteraction press = t.discord.pressButton(upscaled.id(), key(upscaled, "Vary (Region)"), ivy);

        PostedMessage explained = t.discord.awaitBotMessage(
                channel,
                m -> Stream.concat(m.history().stream(), m.embedDescriptions().stream())
                        .anyMatch(text -> shown(text).contains("PUBLIC_BASE_URL")),
                DiscordTestBot.WAIT);
        assertThat(shown(explained.embedDescription()))
                .as("the job's message ends saying why")
                .contains("Vary (Region) is not available", "PUBLIC_BASE_URL");
        assertThat(explained.replyTo()).isEqualTo(upscaled.id());
        assertThat(press.acknowledgedAfter()).isLessThan(Duration.ofSeconds(3));
        assertThat(t.midjourney.submits().getLast().path()).isEqualTo("/mj/submit/action");
        assertThat(t.midjourney.submits().getLast().body().path("customId").asString())
                .startsWith("MJ::Inpaint::");
        assertThat(t.discord.botMessages(channel))
                .as("no link to a page that does not exist")
                .allSatisfy(m -> assertThat(m.buttonUrls().stream().flatMap(List::stream))
                        .allMatch(String::isEmpty));
    }

    @Test
    void varyRegionSendsALinkButtonToTheMaskPageAndTheMaskReachesTheProxy() throws Exception {
        List<RegionEditor.RegionRequest> opened = new CopyOnWriteArrayList<>();
        RegionEditor editor = request -> {
            opened.add(request);
            // A Web App where Telegram can show one; Discord has none and shows a link button either way.
            return Optional.of(new RegionEditor.RegionLink("https://bot.example/mj/region/" + request.taskId(), true));
        };
        try (var own = DiscordTestBot.start(new DiscordTestBot.Options().regionEditor(editor))) {
            own.midjourney.progressSteps(List.of(50));
            String jo = own.discord.user("jo");
            String channel = own.discord.generalChannelId();
            own.discord.slashCommand(channel, jo, "imagine", Map.of("prompt", "a dog in a hat"));
            PostedMessage grid =
                    own.discord.awaitBotMessage(channel, m -> !m.attachments().isEmpty(), DiscordTestBot.WAIT);
            own.discord.pressButton(grid.id(), grid.buttonKeys().get(0).get(2), jo); // U3
            PostedMessage upscaled = own.discord.awaitBotMessage(
                    channel, m -> !m.attachments().isEmpty() && !m.id().equals(grid.id()), DiscordTestBot.WAIT);

            own.discord.pressButton(upscaled.id(), key(upscaled, "Vary (Region)"), jo);

            // The fake Discord refuses a link button without a url or with a custom_id, so posting proves its shape.
            PostedMessage link = own.discord.awaitBotMessage(
                    channel,
                    m -> m.buttonUrls().stream().flatMap(List::stream).anyMatch(url -> !url.isEmpty()),
                    DiscordTestBot.WAIT);
            String taskId = opened.getFirst().taskId();
            JsonNode button = link.components().at("/0/components/0");
            assertThat(button.path("style").asInt()).isEqualTo(5);
            assertThat(button.path("url").asString()).isEqualTo("https://bot.example/mj/region/" + taskId);
            assertThat(button.has("custom_id")).isFalse();
            assertThat(link.ephemeral()).isFalse();
            assertThat(link.content()).contains("Vary (Region)");
            assertThat(opened).singleElement().satisfies(request -> {
                assertThat(request.platform()).isEqualTo(DiscordChats.PLATFORM);
                assertThat(request.chatId()).isEqualTo(channel);
                assertThat(request.userId()).isEqualTo(jo);
                assertThat(request.imageUrl()).endsWith(".png");
                assertThat(request.prompt()).isEqualTo("a dog in a hat");
            });
            assertThat(own.midjourney.task(taskId).orElseThrow().path("status").asString())
                    .isEqualTo("MODAL");

            // What the page does once the user painted: completes the task with the mask.
            var outcome =
                    own.core.imagine().completeModal(taskId, jo, "a red hat", "data:image/png;base64,iVBORw0KGgo=");

            assertThat(outcome).hasToString("SUBMITTED");
            PostedMessage varied = own.discord.awaitBotMessage(
                    channel,
                    m -> !m.attachments().isEmpty()
                            && !List.of(grid.id(), upscaled.id()).contains(m.id()),
                    DiscordTestBot.WAIT);
            assertThat(varied.ephemeral()).isFalse();
            assertThat(own.midjourney.modalSubmits()).last().satisfies(modal -> {
                assertThat(modal.taskId()).isEqualTo(taskId);
                assertThat(modal.prompt()).isEqualTo("a red hat");
                assertThat(modal.maskBase64()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
            });
            assertThat(own.discord.rateLimitedCalls()).isZero();
        }
    }

    private static PostedMessage imagine(String channel, String user, String prompt) {
        t.discord.slashCommand(channel, user, "imagine", Map.of("prompt", prompt));
        return t.discord.awaitBotMessage(
                channel, m -> !m.attachments().isEmpty() && m.content().contains(prompt), DiscordTestBot.WAIT);
    }

    /** Presses a button that must answer with a modal, within Discord's 3 s and as its first response. */
    private static DispatchedInteraction openModal(PostedMessage message, String key, String user) {
        DispatchedInteraction press = t.discord.pressButton(message.id(), key, user);
        t.discord.await(() -> press.acknowledged(), DiscordTestBot.WAIT, "the press answered");
        assertThat(press.callbackType()).isEqualTo(9);
        assertThat(press.acknowledgedAfter()).isLessThan(Duration.ofSeconds(3));
        return press;
    }

    /** A newer picture than the ones given. */
    private static PostedMessage awaitPicture(String channel, String... older) {
        List<String> seen = List.of(older);
        return t.discord.awaitBotMessage(
                channel, m -> !m.attachments().isEmpty() && !seen.contains(m.id()), DiscordTestBot.WAIT);
    }

    private static String key(PostedMessage message, String label) {
        List<List<String>> labels = message.buttonLabels();
        for (int row = 0; row < labels.size(); row++) {
            for (int i = 0; i < labels.get(row).size(); i++) {
                if (labels.get(row).get(i).contains(label)) {
                    return message.buttonKeys().get(row).get(i);
                }
            }
        }
        throw new AssertionError("no button " + label + " in " + labels);
    }

    private static int submits(String path) {
        return (int) t.midjourney.submits().stream()
                .filter(s -> s.path().equals(path))
                .count();
    }

    /** A text as Discord shows it: a backslash before punctuation only escapes markdown. */
    private static String shown(String markdown) {
        return markdown.replaceAll("\\\\(\\p{Punct})", "$1");
    }

    /** The notice that replaced an interaction's ephemeral "thinking…" acknowledgement. */
    private static String notice(DispatchedInteraction interaction) {
        t.discord.await(
                () -> interaction.originalMessageId() != null
                        && t.discord
                                .message(interaction.originalMessageId())
                                .map(m -> !m.content().isEmpty())
                                .orElse(false),
                DiscordTestBot.WAIT,
                "the interaction answered");
        return t.discord.message(interaction.originalMessageId()).orElseThrow().content();
    }
}
