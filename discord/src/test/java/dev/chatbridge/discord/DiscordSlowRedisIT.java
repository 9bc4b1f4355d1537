package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.common.LatencyProxy;
import dev.chatbridge.testsupport.discord.DispatchedInteraction;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Interactions are acknowledged before anything touches Redis, so a slow Redis never costs Discord's 3 s. */
class DiscordSlowRedisIT {

    @Test
    void acknowledgesInteractionsArrivingTogetherWithin3sWhileEveryRedisReplyTakesASecond() throws Exception {
        String shared = RedisTestServer.url();
        try (LatencyProxy slow = LatencyProxy.forRedis(shared);
                DiscordTestBot t = DiscordTestBot.start(new DiscordTestBot.Options().redisUrl(slow.redisUrl(shared)))) {
            String channel = t.discord.generalChannelId();
            String ann = t.discord.user("ann");
            t.slashAnswer(channel, ann, "chat", Map.of("message", "warm up")); // connected, and a message to press on
            String answered = t.discord.botMessages(channel).getLast().id();

            slow.latency(Duration.ofSeconds(1));
            List<DispatchedInteraction> burst = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                burst.add(t.discord.slashCommand(
                        channel, t.discord.user("user" + i), "chat", Map.of("message", "question " + i)));
            }
            // A press needs Redis (dedupe, the button's key) before the core knows what to say.
            burst.add(t.discord.pressButton(answered, "mj:gone", ann));
            burst.add(t.discord.slashCommand(channel, ann, "help", Map.of()));

            // The fake refuses an acknowledgement after 3 s (10062 Unknown interaction), as Discord does.
            t.discord.await(
                    () -> burst.stream().allMatch(DispatchedInteraction::acknowledged),
                    DiscordTestBot.WAIT,
                    "every interaction acknowledged");
            assertThat(burst)
                    .allSatisfy(interaction ->
                            assertThat(interaction.acknowledgedAfter()).isLessThan(Duration.ofSeconds(3)));
            assertThat(burst.getLast().callbackType()).isEqualTo(5);

            slow.latency(Duration.ZERO);
            // Acknowledging first lost nothing: every question still reaches the model, once.
            t.awaitQuiet(
                    () -> t.gateway.requests().stream()
                                    .filter(r -> r.lastUserText().startsWith("question "))
                                    .count()
                            == 4,
                    "the four questions answered");
            assertThat(t.gateway.requests())
                    .extracting(r -> r.lastUserText())
                    .filteredOn(text -> text.startsWith("question "))
                    .containsExactlyInAnyOrder("question 1", "question 2", "question 3", "question 4");
        }
    }
}
