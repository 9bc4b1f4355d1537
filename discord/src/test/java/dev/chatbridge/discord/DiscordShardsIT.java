package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.discord.FakeDiscord;
import dev.chatbridge.testsupport.openai.Reply;
import org.junit.jupiter.api.Test;

/** Two processes split one bot's guilds by shard, as two pods of the Helm chart's StatefulSet do. */
class DiscordShardsIT {

    @Test
    void twoProcessesEachAnswerTheGuildsOfTheirOwnShard() throws Exception {
        try (FakeDiscord discord = new FakeDiscord(DiscordTestBot.TOKEN)) {
            String onShardZero = discord.channelOf(discord.addGuildOnShard("zero", 0, 2));
            String onShardOne = discord.channelOf(discord.addGuildOnShard("one", 1, 2));
            try (DiscordTestBot first = DiscordTestBot.start(new DiscordTestBot.Options().shard(discord, 0, 2));
                    DiscordTestBot second = DiscordTestBot.start(new DiscordTestBot.Options().shard(discord, 1, 2))) {
                discord.awaitSessions(2, DiscordTestBot.WAIT);
                assertThat(discord.gatewayFrames(2))
                        .extracting(identify -> identify.path("shard").toString())
                        .containsExactlyInAnyOrder("[0,2]", "[1,2]");

                first.gateway.enqueue(Reply.of("Answered by shard zero."));
                second.gateway.enqueue(Reply.of("Answered by shard one."));
                String ivy = discord.user("ivy");
                String mention = "<@" + discord.botId() + "> ";
                discord.userSays(onShardZero, ivy, mention + "who answers here?");
                discord.userSays(onShardOne, ivy, mention + "and here?");

                assertThat(answerIn(first, onShardZero)).isEqualTo("Answered by shard zero.");
                assertThat(answerIn(second, onShardOne)).isEqualTo("Answered by shard one.");
                assertThat(first.gateway.requests())
                        .singleElement()
                        .extracting(request -> request.lastUserText())
                        .isEqualTo("who answers here?");
                assertThat(second.gateway.requests())
                        .singleElement()
                        .extracting(request -> request.lastUserText())
                        .isEqualTo("and here?");
                // One registration for the whole bot, by the process that runs shard 0.
                assertThat(discord.calls("PUT", "applications/\\d+/commands")).hasSize(1);
            }
        }
    }

    /** The bot's answer in the thread it started for a mention in {@code channel}. */
    private static String answerIn(DiscordTestBot bot, String channel) {
        FakeDiscord discord = bot.discord;
        discord.await(() -> discord.threadsOf(channel).size() == 1, DiscordTestBot.WAIT, "a thread in " + channel);
        String thread = discord.threadsOf(channel).getFirst();
        bot.awaitQuiet(() -> !discord.botMessages(thread).isEmpty(), "the answer in " + thread);
        return discord.botMessages(thread).getFirst().content();
    }
}
