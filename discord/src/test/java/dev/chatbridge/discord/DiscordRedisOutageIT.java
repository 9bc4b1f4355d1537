package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.discord.PostedMessage;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Discord never delivers a message again, so messages that arrive while Redis is down wait in memory: each chat
 * hears once that its answer will be late, and when Redis is back (restarted, empty) every kept message is answered
 * exactly once, in order. A message that finds the buffer full is refused with a word to its sender.
 */
class DiscordRedisOutageIT {

    /** Redis restarts and Lettuce reconnects with a backoff: give the recovery more time than an answer. */
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @Test
    void keepsMessagesWhileRedisIsDownAndAnswersEachOnceWhenItReturnsEmpty() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var t = DiscordTestBot.start(
                        new DiscordTestBot.Options().redisUrl(redis.url()).heldMessages(3))) {
            String ann = t.discord.user("ann");
            String bo = t.discord.user("bo", "zh-CN");
            String cy = t.discord.user("cy");
            String annDm = t.discord.dmChannelOf(ann);
            String channel = t.discord.generalChannelId();
            t.discord.userDms(ann, "before the outage");
            t.discord.awaitBotMessage(annDm, m -> m.content().equals("echo: before the outage"), DiscordTestBot.WAIT);

            redis.stop();
            t.discord.userDms(ann, "first while down");
            t.discord.userDms(ann, "second while down");
            var slash = t.discord.slashCommand(channel, bo, "chat", Map.of("message", "third while down"));
            t.discord.await(() -> t.bot.heldMessages() == 3, DiscordTestBot.WAIT, "three messages kept");
            t.discord.userDms(cy, "one too many");
            PostedMessage refused = t.discord.awaitBotMessage(
                    t.discord.dmChannelOf(cy),
                    m -> m.content().contains("could not keep this one"),
                    DiscordTestBot.WAIT);
            assertThat(refused.content()).contains("send it again later");
            t.discord.await(
                    () -> slash.originalMessageId() != null
                            && t.discord
                                    .message(slash.originalMessageId())
                                    .map(m -> m.content().contains("回复会有所延迟"))
                                    .orElse(false),
                    DiscordTestBot.WAIT,
                    "the slash command told in Chinese that its answer will be late");
            assertThat(lateNotices(t, annDm)).isEqualTo(1); // once per chat, not per message

            redis.start(); // empty: nothing was persisted
            t.discord.await(
                    () -> t.bot.heldMessages() == 0
                            && answers(t, annDm, "echo: second while down") == 1
                            && answered(t, channel, "echo: third while down"),
                    RECOVERY,
                    "every kept message answered");
            t.awaitQuiet(() -> true, "all answers written");

            assertThat(answers(t, annDm, "echo: first while down")).isEqualTo(1);
            assertThat(answers(t, annDm, "echo: second while down")).isEqualTo(1);
            List<String> annAnswers = t.discord.botMessages(annDm).stream()
                    .map(PostedMessage::content)
                    .filter(text -> text.startsWith("echo: "))
                    .toList();
            assertThat(annAnswers)
                    .containsExactly("echo: before the outage", "echo: first while down", "echo: second while down");
            assertThat(t.gateway.requests())
                    .extracting(r -> r.lastUserText())
                    .filteredOn(text -> text.contains("while down") || text.equals("one too many"))
                    .containsExactlyInAnyOrder("first while down", "second while down", "third while down");
            assertThat(lateNotices(t, annDm)).isEqualTo(1);
        }
    }

    private static long lateNotices(DiscordTestBot t, String channelId) {
        return t.discord.botMessages(channelId).stream()
                .filter(m -> m.content().contains("the answer will be late"))
                .count();
    }

    private static long answers(DiscordTestBot t, String channelId, String text) {
        return t.discord.botMessages(channelId).stream()
                .filter(m -> m.content().equals(text))
                .count();
    }

    private static boolean answered(DiscordTestBot t, String channelId, String text) {
        return answers(t, channelId, text) == 1;
    }
}
