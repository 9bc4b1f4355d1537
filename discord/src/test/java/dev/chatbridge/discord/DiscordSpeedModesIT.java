package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.discord.DispatchedInteraction;
import dev.chatbridge.testsupport.discord.PostedMessage;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Midjourney speed mode chosen in /settings on Discord, with a proxy that offers modes and with one that does
 * not.
 */
class DiscordSpeedModesIT {

    @Test
    void submitsTheWholeJobUnderTheModeChosenInSettings() throws Exception {
        try (var bot = DiscordTestBot.start()) {
            String kim = bot.discord.user("kim");
            String channel = bot.discord.generalChannelId();
            chooseSpeed(bot, channel, kim, "fast");

            bot.discord.slashCommand(channel, kim, "imagine", Map.of("prompt", "a fast fox"));
            PostedMessage grid = awaitPicture(bot, channel);
            bot.discord.pressButton(grid.id(), grid.buttonKeys().getFirst().getFirst(), kim); // U1
            awaitPicture(bot, channel, grid.id());

            assertThat(bot.midjourney.submits())
                    .extracting(FakeMidjourneyProxy.Submit::path)
                    .containsExactly("/mj-fast/mj/submit/imagine", "/mj-fast/mj/submit/action");
            assertThat(texts(bot, channel)).noneMatch(text -> text.contains("does not offer speed modes"));
        }
    }

    @Test
    void aProxyWithoutModesIsRememberedThePictureStillComesAndTheUserIsToldOnce() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var bot = DiscordTestBot.start(new DiscordTestBot.Options().redisUrl(redis.url()))) {
            bot.midjourney.speedModes(false);
            String lou = bot.discord.user("lou");
            String channel = bot.discord.generalChannelId();
            chooseSpeed(bot, channel, lou, "relax");

            bot.discord.slashCommand(channel, lou, "imagine", Map.of("prompt", "a slow snail"));
            PostedMessage first = awaitPicture(bot, channel);
            bot.discord.slashCommand(channel, lou, "imagine", Map.of("prompt", "another slow snail"));
            awaitPicture(bot, channel, first.id());

            assertThat(bot.midjourney.submits())
                    .extracting(FakeMidjourneyProxy.Submit::path)
                    .as("one try under the mode's prefix, remembered: then only the plain route")
                    .containsExactly("/mj-relax/mj/submit/imagine", "/mj/submit/imagine", "/mj/submit/imagine");
            assertThat(texts(bot, channel))
                    .filteredOn(text -> text.contains("does not offer speed modes"))
                    .hasSize(1)
                    .allSatisfy(text -> assertThat(text).contains("relax"));
            Set<String> remembered = bot.redis.keys("cb:mj:modes:*");
            assertThat(remembered).hasSize(1);
            assertThat(bot.redis.opsForValue().get(remembered.iterator().next()))
                    .isEqualTo("no");

            bot.discord.slashCommand(channel, lou, "settings", Map.of());
            PostedMessage menu = bot.discord.awaitBotMessage(
                    channel,
                    m -> m.content().contains("no speed modes")
                            && m.buttonKeys().stream().anyMatch(row -> row.contains("st:v")),
                    DiscordTestBot.WAIT);
            assertThat(menu.content()).contains("relax (this Midjourney proxy has no speed modes)");
            assertThat(menu.buttonLabels().stream().flatMap(List::stream)).contains("🐇 Midjourney speed: not offered");
            long choicesBefore = speedChoices(bot, channel);
            DispatchedInteraction press = bot.discord.pressButton(menu.id(), "st:v", lou);
            bot.discord.await(
                    () -> texts(bot, channel).stream()
                                    .anyMatch(text -> text.contains("no /mj-relax, /mj-fast or /mj-turbo"))
                            || notice(bot, press).contains("no /mj-relax, /mj-fast or /mj-turbo"),
                    DiscordTestBot.WAIT,
                    "the explanation");
            assertThat(speedChoices(bot, channel))
                    .as("no choices offered this time")
                    .isEqualTo(choicesBefore);
        }
    }

    /** Runs /settings, presses its speed row and picks {@code mode}, as the user does. */
    private static void chooseSpeed(DiscordTestBot bot, String channel, String user, String mode) {
        bot.discord.slashCommand(channel, user, "settings", Map.of());
        PostedMessage menu = bot.discord.awaitBotMessage(
                channel, m -> m.buttonKeys().stream().anyMatch(row -> row.contains("st:v")), DiscordTestBot.WAIT);
        bot.discord.pressButton(menu.id(), "st:v", user);
        PostedMessage choices = bot.discord.awaitBotMessage(
                channel,
                m -> m.buttonKeys().stream().anyMatch(row -> row.contains("st:v=" + mode)),
                DiscordTestBot.WAIT);
        DispatchedInteraction choose = bot.discord.pressButton(choices.id(), "st:v=" + mode, user);
        bot.discord.await(
                () -> mode.equals(
                        bot.core.store().settings(DiscordChats.PLATFORM, user).speedMode()),
                DiscordTestBot.WAIT,
                "the mode stored");
        bot.discord.await(() -> notice(bot, choose).contains(mode), DiscordTestBot.WAIT, "the choice confirmed");
    }

    private static long speedChoices(DiscordTestBot bot, String channel) {
        return bot.discord.botMessages(channel).stream()
                .filter(m -> m.buttonKeys().stream().anyMatch(row -> row.contains("st:v=fast")))
                .count();
    }

    /** The picture after the ones given: a grid or an upscale. */
    private static PostedMessage awaitPicture(DiscordTestBot bot, String channel, String... older) {
        List<String> seen = List.of(older);
        return bot.discord.awaitBotMessage(
                channel, m -> !m.attachments().isEmpty() && !seen.contains(m.id()), DiscordTestBot.WAIT);
    }

    /**
     * Each of the bot's messages in the channel (the ephemeral answers to commands and presses included) as every
     * text it showed, so that a notice later edited into something else still counts, once.
     */
    private static List<String> texts(DiscordTestBot bot, String channel) {
        return bot.discord.botMessages(channel).stream()
                .map(m -> String.join("\n", m.history().stream().distinct().toList()))
                .toList();
    }

    /** The text that replaced an interaction's acknowledgement so far ("" while there is none). */
    private static String notice(DiscordTestBot bot, DispatchedInteraction interaction) {
        String id = interaction.originalMessageId();
        return id == null
                ? ""
                : bot.discord.message(id).map(PostedMessage::content).orElse("");
    }
}
