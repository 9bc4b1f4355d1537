package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.discord.DispatchedInteraction;
import dev.chatbridge.testsupport.discord.FakeDiscord;
import dev.chatbridge.testsupport.openai.Reply;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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

            DispatchedInteraction chat =
                    t.discord.slashCommand(t.discord.generalChannelId(), mallory, "chat", Map.of("message", "please"));
            t.discord.await(
                    () -> chat.originalMessageId() != null
                            && t.discord
                                    .message(chat.originalMessageId())
                                    .map(m -> m.content().contains("this bot is private"))
                                    .orElse(false),
                    DiscordTestBot.WAIT,
                    "the refusal in the interaction");
            assertThat(t.gateway.requests()).isEmpty();
        }
    }

    @Test
    void explainsAMissingMessageContentIntentAndKeepsAnsweringMentions() throws Exception {
        var options = new DiscordTestBot.Options()
                .world(discord -> discord.disallowIntents(FakeDiscord.MESSAGE_CONTENT_INTENT));
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

            DispatchedInteraction imagine =
                    t.discord.slashCommand(channel, frank, "imagine", Map.of("prompt", "a cat"));
            t.discord.await(imagine::acknowledged, DiscordTestBot.WAIT, "the interaction answered");
            assertThat(imagine.ephemeral()).isTrue();
            assertThat(t.discord
                            .message(imagine.originalMessageId())
                            .orElseThrow()
                            .content())
                    .contains("Send Messages");
        }
    }

    @Test
    void answersOnlyInTheAllowedGuildsAndChannels() throws Exception {
        AtomicReference<String> otherGuildChannel = new AtomicReference<>();
        AtomicReference<String> otherChannel = new AtomicReference<>();
        var options = new DiscordTestBot.Options()
                .world(discord -> {
                    otherGuildChannel.set(discord.channelOf(discord.addGuild("elsewhere")));
                    otherChannel.set(discord.addTextChannel("random"));
                })
                .allowedPlaces(discord -> Set.of(discord.guildId()), discord -> Set.of(discord.generalChannelId()));
        try (DiscordTestBot t = DiscordTestBot.start(options)) {
            String gina = t.discord.user("gina");
            String mention = "<@" + t.discord.botId() + "> ";
            t.discord.userSays(otherGuildChannel.get(), gina, mention + "hello from another server");
            t.discord.userSays(otherChannel.get(), gina, mention + "hello from another channel");
            DispatchedInteraction elsewhere = t.discord.slashCommand(
                    otherGuildChannel.get(), gina, "chat", Map.of("message", "and a slash command"));
            t.discord.await(elsewhere::acknowledged, DiscordTestBot.WAIT, "the interaction answered");
            assertThat(elsewhere.ephemeral()).isTrue();
            assertThat(t.discord
                            .message(elsewhere.originalMessageId())
                            .orElseThrow()
                            .content())
                    .contains("not enabled in this server or channel");

            // Events of one shard arrive in order, so once this is answered the earlier ones were handled.
            t.gateway.enqueue(Reply.of("Hi Gina."));
            String general = t.discord.generalChannelId();
            t.discord.userSays(general, gina, mention + "hello here");
            t.discord.await(() -> t.discord.threadsOf(general).size() == 1, DiscordTestBot.WAIT, "a thread");
            String thread = t.discord.threadsOf(general).getFirst();
            t.awaitQuiet(
                    () -> t.discord.botMessages(thread).stream()
                            .anyMatch(m -> m.content().equals("Hi Gina.")),
                    "the answer in the allowed channel");

            assertThat(t.gateway.requests()).hasSize(1);
            assertThat(t.gateway.requests().getFirst().lastUserText()).isEqualTo("hello here");
            assertThat(t.discord.botMessages(otherGuildChannel.get()))
                    .extracting(m -> m.id())
                    .containsExactly(elsewhere.originalMessageId()); // only the notice only Gina sees
            assertThat(t.discord.botMessages(otherChannel.get())).isEmpty();
            assertThat(t.discord.threadsOf(otherGuildChannel.get())).isEmpty();
            assertThat(t.discord.threadsOf(otherChannel.get())).isEmpty();
        }
    }

    @Test
    void adminsNamedByTheirDiscordIdManageAccessWithSlashCommands() throws Exception {
        AtomicReference<String> admin = new AtomicReference<>();
        var options = new DiscordTestBot.Options().admins(discord -> {
            admin.set(discord.user("ada"));
            return admin.get();
        });
        try (DiscordTestBot t = DiscordTestBot.start(options)) {
            AtomicReference<String> member = new AtomicReference<>(t.discord.user("max"));
            String channel = t.discord.generalChannelId();
            JsonNode block = t.discord.registeredCommands(null).stream()
                    .filter(c -> c.path("name").asString().equals("block"))
                    .findFirst()
                    .orElseThrow();
            assertThat(block.path("default_member_permissions").asString()).isEqualTo("32"); // Manage Server

            assertThat(t.slashAnswer(channel, member.get(), "stats", Map.of())).contains("Only the bot's admins");
            assertThat(t.slashAnswer(channel, admin.get(), "block", Map.of("user", "<@" + member.get() + ">")))
                    .contains("User `" + member.get() + "` is blocked");

            t.discord.userDms(member.get(), "still there?");
            String dm = t.discord.dmChannelOf(member.get());
            t.discord.awaitBotMessage(
                    dm, m -> m.content().contains("blocked") || m.content().contains("private"), DiscordTestBot.WAIT);

            assertThat(t.slashAnswer(channel, admin.get(), "allow", Map.of("user", member.get())))
                    .contains("User `" + member.get() + "` may use the bot now");
            assertThat(t.slashAnswer(
                            channel,
                            admin.get(),
                            "limit",
                            Map.of("user", member.get(), "kind", "messages", "value", "7")))
                    .contains("Limit `messages` for user `" + member.get() + "` set to 7");
            assertThat(t.slashAnswer(channel, member.get(), "usage", Map.of())).contains("at most 7 per minute");
            t.gateway.enqueue(Reply.of("Welcome back."));
            t.discord.userDms(member.get(), "and now?");
            t.awaitQuiet(
                    () -> t.discord.botMessages(dm).stream()
                            .anyMatch(m -> m.content().equals("Welcome back.")),
                    "the answer once allowed again");
            assertThat(t.gateway.requests()).hasSize(1);
        }
    }

    @Test
    void aGuildInTheAllowedChatsLetsEveryoneTalkThereButNotElsewhereAndBlocksStillWin() throws Exception {
        AtomicReference<String> otherGuildChannel = new AtomicReference<>();
        var options = new DiscordTestBot.Options()
                .allowedUsers("123")
                // world() replaces the setup, so it comes before allowedChats, which adds to it.
                .world(discord -> otherGuildChannel.set(discord.channelOf(discord.addGuild("elsewhere"))))
                .allowedChats(discord -> discord.guildId());
        try (DiscordTestBot t = DiscordTestBot.start(options)) {
            String hana = t.discord.user("hana");
            String ivan = t.discord.user("ivan");
            String general = t.discord.generalChannelId();

            t.gateway.enqueue(Reply.of("Hi Hana."));
            t.discord.userSays(general, hana, "<@" + t.discord.botId() + "> hello");
            t.discord.await(() -> t.discord.threadsOf(general).size() == 1, DiscordTestBot.WAIT, "a thread");
            String thread = t.discord.threadsOf(general).getFirst();
            t.awaitQuiet(
                    () -> t.discord.botMessages(thread).stream()
                            .anyMatch(m -> m.content().equals("Hi Hana.")),
                    "the answer in the allowed guild");
            // In the bot's thread (a channel of the allowed guild) she goes on without a mention.
            t.gateway.enqueue(Reply.of("Still here."));
            t.discord.userSays(thread, hana, "and more?");
            t.awaitQuiet(
                    () -> t.discord.botMessages(thread).stream()
                            .anyMatch(m -> m.content().equals("Still here.")),
                    "the answer in the thread");

            assertThat(t.slashAnswer(otherGuildChannel.get(), hana, "chat", Map.of("message", "here too?")))
                    .contains("this bot is private")
                    .contains(hana);
            assertThat(t.core.access().block(ivan)).isTrue();
            assertThat(t.slashAnswer(general, ivan, "chat", Map.of("message", "me too?")))
                    .contains("you have been blocked");
            assertThat(t.gateway.requests()).extracting(r -> r.lastUserText()).containsExactly("hello", "and more?");
        }
    }
}
