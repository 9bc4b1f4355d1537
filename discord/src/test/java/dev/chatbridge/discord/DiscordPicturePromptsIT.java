package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.common.TestImages;
import dev.chatbridge.testsupport.discord.DispatchedInteraction;
import dev.chatbridge.testsupport.discord.FakeDiscord;
import dev.chatbridge.testsupport.discord.PostedMessage;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Pictures for Midjourney on Discord: /imagine's image option, /describe and /blend, through the real JDA client. */
class DiscordPicturePromptsIT {

    private static DiscordTestBot t;

    @BeforeAll
    static void start() throws Exception {
        t = DiscordTestBot.start();
    }

    @AfterAll
    static void stop() throws Exception {
        t.close();
    }

    @Test
    void registersAttachmentOptionsAndTheBlendShapes() {
        List<JsonNode> commands = t.discord.registeredCommands(null);
        JsonNode imagine = command(commands, "imagine");
        assertThat(imagine.path("options").valueStream())
                .extracting(
                        o -> o.path("name").asString() + ":" + o.path("type").asInt())
                .containsExactly("prompt:3", "image:11", "image2:11");
        assertThat(command(commands, "describe")
                        .path("options")
                        .get(0)
                        .path("type")
                        .asInt())
                .isEqualTo(11);
        JsonNode blend = command(commands, "blend");
        assertThat(blend.path("options").valueStream())
                .extracting(o ->
                        o.path("name").asString() + ":" + o.path("required").asBoolean())
                .containsExactly(
                        "image1:true",
                        "image2:true",
                        "image3:false",
                        "image4:false",
                        "image5:false",
                        "dimensions:false");
        assertThat(blend.path("options").get(5).path("choices").valueStream())
                .extracting(choice -> choice.path("value").asString())
                .containsExactly("portrait", "square", "landscape");
    }

    @Test
    void imagineSendsTheImageOptionAsAnImagePrompt() {
        String ann = t.discord.user("ann");
        String channel = t.discord.generalChannelId();
        byte[] png = TestImages.png("discord-prompt", 40);
        t.discord.slashCommand(
                channel,
                ann,
                "imagine",
                Map.of("prompt", "a fox in this style"),
                List.of(new FakeDiscord.Upload("image", "style.png", png)));

        t.discord.awaitBotMessage(
                channel,
                m -> !m.attachments().isEmpty() && m.content().contains("a fox in this style"),
                DiscordTestBot.WAIT);
        JsonNode submit = submitWithPrompt("a fox in this style");
        assertThat(submit.path("base64Array").values())
                .extracting(JsonNode::asString)
                .containsExactly(dataUrl("image/png", png));
    }

    @Test
    void describeShowsFourPromptsAndTheSecondButtonDrawsExactlyIt() {
        String bo = t.discord.user("bo");
        String channel = t.discord.generalChannelId();
        byte[] png = TestImages.png("discord-describe", 40);
        t.discord.slashCommand(
                channel, bo, "describe", Map.of(), List.of(new FakeDiscord.Upload("image", "fox.png", png)));

        PostedMessage prompts = t.discord.awaitBotMessage(
                channel,
                m -> m.content().contains("4️⃣")
                        && m.content().contains("fox on a snowy hill")
                        && !m.buttonKeys().isEmpty(),
                DiscordTestBot.WAIT);
        assertThat(t.midjourney.submits())
                .anyMatch(s -> s.path().equals("/mj/submit/describe")
                        && s.body().path("base64").asString().equals(dataUrl("image/png", png)));
        assertThat(prompts.content().length()).isLessThanOrEqualTo(2000);
        assertThat(prompts.buttonKeys())
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .hasSize(4)
                        .allSatisfy(key -> assertThat(key).startsWith("mj:")));

        DispatchedInteraction press =
                t.discord.pressButton(prompts.id(), prompts.buttonKeys().get(0).get(1), bo);
        t.discord.await(press::acknowledged, DiscordTestBot.WAIT, "the press acknowledged");
        String second = "fox on a snowy hill, in the style of ukiyo-e prints, muted orange and white --ar 4:3";
        t.discord.await(
                () -> t.midjourney.submits().stream()
                        .anyMatch(s -> s.path().equals("/mj/submit/imagine")
                                && s.body().path("prompt").asString().equals(second)),
                DiscordTestBot.WAIT,
                "the second prompt drawn");
        t.discord.awaitBotMessage(
                channel, m -> !m.attachments().isEmpty() && m.content().contains("ukiyo-e"), DiscordTestBot.WAIT);
    }

    @Test
    void suggestedPromptsLongerThan2000CharactersAreSplitNeverCut() {
        String dee = t.discord.user("dee");
        String channel = t.discord.generalChannelId();
        String longPrompt =
                "a quiet harbour at dawn with fishing boats ".repeat(15).strip();
        t.midjourney.describedPrompts("1️⃣ " + longPrompt + " one\n\n2️⃣ " + longPrompt + " two\n\n3️⃣ " + longPrompt
                + " three\n\n4️⃣ " + longPrompt + " four");
        try {
            t.discord.slashCommand(
                    channel,
                    dee,
                    "describe",
                    Map.of(),
                    List.of(new FakeDiscord.Upload("image", "harbour.png", TestImages.png("harbour", 24))));
            t.discord.awaitBotMessage(channel, m -> m.content().contains(longPrompt + " four"), DiscordTestBot.WAIT);
        } finally {
            t.midjourney.describedPrompts(FakeMidjourneyProxy.DEFAULT_DESCRIBED_PROMPTS);
        }
        List<PostedMessage> shown = t.discord.botMessages(channel).stream()
                .filter(m -> m.content().contains(longPrompt))
                .toList();
        assertThat(shown)
                .hasSizeGreaterThan(1)
                .allSatisfy(m -> assertThat(m.content().length()).isLessThanOrEqualTo(2000));
        String all =
                String.join("\n", shown.stream().map(PostedMessage::content).toList());
        assertThat(all).contains(longPrompt + " one", longPrompt + " two", longPrompt + " three", longPrompt + " four");
        assertThat(shown.getLast().buttonKeys())
                .singleElement()
                .satisfies(row -> assertThat(row).hasSize(4));
    }

    @Test
    void blendSendsEveryImageOptionWithTheShapeAndPostsTheGrid() {
        String cy = t.discord.user("cy");
        String channel = t.discord.generalChannelId();
        byte[] one = TestImages.png("blend-a", 32);
        byte[] two = TestImages.jpeg("blend-b", 32);
        byte[] three = TestImages.png("blend-c", 32);
        t.discord.slashCommand(
                channel,
                cy,
                "blend",
                Map.of("dimensions", "portrait"),
                List.of(
                        new FakeDiscord.Upload("image1", "a.png", one),
                        new FakeDiscord.Upload("image2", "b.jpg", two),
                        new FakeDiscord.Upload("image3", "c.png", three)));

        PostedMessage grid = t.discord.awaitBotMessage(
                channel, m -> !m.attachments().isEmpty() && m.content().contains("/blend 3"), DiscordTestBot.WAIT);
        JsonNode blend = t.midjourney.submits().stream()
                .filter(s -> s.path().equals("/mj/submit/blend"))
                .map(FakeMidjourneyProxy.Submit::body)
                .filter(body -> body.path("base64Array").size() == 3)
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(blend.path("dimensions").asString()).isEqualTo("PORTRAIT");
        assertThat(blend.path("base64Array").values())
                .extracting(JsonNode::asString)
                .containsExactly(dataUrl("image/png", one), dataUrl("image/jpeg", two), dataUrl("image/png", three));
        assertThat(grid.buttonLabels().getFirst()).containsExactly("U1", "U2", "U3", "U4", "🔄");
    }

    private static JsonNode command(List<JsonNode> commands, String name) {
        return commands.stream()
                .filter(c -> c.path("name").asString().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode submitWithPrompt(String prompt) {
        return t.midjourney.submits().stream()
                .filter(s -> s.path().equals("/mj/submit/imagine"))
                .map(FakeMidjourneyProxy.Submit::body)
                .filter(body -> body.path("prompt").asString().equals(prompt))
                .findFirst()
                .orElseThrow();
    }

    private static String dataUrl(String type, byte[] bytes) {
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
