package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.DiscordInteraction;
import dev.chatbridge.testsupport.FakeDiscord;
import dev.chatbridge.testsupport.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who and where the bot answers, and what it says when it cannot. */
class DiscordAccessIT {

    @Test
    void refusesUsersOutsideTheAllowlistWithoutCallingTheGateway() throws Exception {
        try (DiscordTestBot t = DiscordTestBot.start(new DiscordTestBot.Options().allowedUsers("123"))) {
            String mallory = t.discord.user("mallory");
            t.discord.userDms(mallory, "let me in");
            String dm = t.discord.dmChannelOf(mallory);
            t.discord.awaitBotMessage(dm, m -> m.content().contains("this bot is private"), DiscordTestBot.WAIT);
            assertThat(t.discord.botMessages(dm).getFirst().content()).contains(mallory);

            DiscordInteraction chat = t.discord.slashCommand(t.discord.generalChannelId(), mallory, "chat",
                    Map.of("message", "please"));
            t.discord.await(() -> chat.originalMessageId() != null && t.discord.message(chat.originalMessageId())
                    .map(m -> m.content().contains("this bot is private")).orElse(false), DiscordTestBot.WAIT,
                    "the refusal in the interaction");
            assertThat(t.gateway.requests()).isEmpty();
        }
    }

    @Test
    void explainsAMissingMessageContentIntentAndKeepsAnsweringMentions() throws Exception {
        var options = new DiscordTestBot.Options().world(discord -> discord.disallowIntents(FakeDiscord.MESSAGE_CONTENT_INTENT));
        try (DiscordTestBot t = DiscordTestBot.start(options)) {
            t.discord.await(() -> !t.bot.readsMessageContent(), DiscordTestBot.WAIT, "the fallback without the intent");
            t.bot.awaitReady();
            t.discord.awaitSessions(1, DiscordTestBot.WAIT);
            String erin = t.discord.user("erin");
            String channel = t.discord.generalChannelId();
            t.gateway.enqueue(Reply.of("Hi Erin."));
            t.discord.userSays(channel, erin, "<@" + t.discord.botId() + "> hello");
            t.discord.await(() -> t.discord.threadsOf(channel).size() == 1, DiscordTestBot.WAIT, "a thread");
            String thread = t.discord.threadsOf(channel).getFirst();
            t.awaitQuiet(() -> t.discord.botMessages(thread).size() == 1, "the answer to the mention");

            t.discord.userSays(thread, erin, "and without a mention?");
            t.discord.awaitBotMessage(thread, m -> m.content().contains("Message Content intent"), DiscordTestBot.WAIT);
            assertThat(t.gateway.requests()).hasSize(1);
        }
    }

    @Test
    void tellsTheAskerWhenItLacksPermissionToAnswerInAChannel() throws Exception {
        try (DiscordTestBot t = DiscordTestBot.start()) {
            String channel = t.discord.addTextChannelNow("read-only");
            // Send Messages, Send Messages in Threads, Create Public Threads
            t.discord.denyToBot(channel, (1L << 11) | (1L << 38) | (1L << 35));
            String frank = t.discord.user("frank");
            t.discord.userSays(channel, frank, "<@" + t.discord.botId() + "> hello?");
            String dm = t.discord.dmChannelOf(frank);
            t.discord.awaitBotMessage(dm, m -> m.content().contains("Send Messages"), DiscordTestBot.WAIT);
            assertThat(t.gateway.requests()).isEmpty();

            DiscordInteraction imagine = t.discord.slashCommand(channel, frank, "imagine", Map.of("prompt", "a cat"));
            t.discord.await(imagine::acknowledged, DiscordTestBot.WAIT, "the interaction answered");
            assertThat(imagine.ephemeral()).isTrue();
            assertThat(t.discord.message(imagine.originalMessageId()).orElseThrow().content()).contains("Send Messages");
        }
    }
}
