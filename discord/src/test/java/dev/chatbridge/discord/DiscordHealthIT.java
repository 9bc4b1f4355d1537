package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.observe.PlatformConnection;
import dev.chatbridge.core.observe.PlatformStartException;
import dev.chatbridge.testsupport.discord.FakeDiscord;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import org.junit.jupiter.api.Test;

class DiscordHealthIT {

    @Test
    void upWhileTheShardIsConnectedAndDownOnceShutDown() throws Exception {
        try (DiscordTestBot t = DiscordTestBot.start()) {
            PlatformConnection connection = t.bot.connection();
            assertThat(connection.platform()).isEqualTo("dc");
            assertThat(connection.state()).isEqualTo(new PlatformConnection.State(true, "shard 0 CONNECTED"));

            // After a dropped gateway connection the shard resumes its session and counts as connected again.
            t.discord.dropGatewayConnections();
            t.discord.await(
                    () -> !t.discord.gatewayFrames(6).isEmpty()
                            && connection.state().up(),
                    DiscordTestBot.WAIT,
                    "the shard connected again");

            t.bot.close();
            assertThat(connection.state().up()).isFalse();
            assertThat(connection.state().detail()).isEqualTo("not started or shut down");
        }
    }

    @Test
    void restCallbacksRunOffTheCommonPoolThatTheOpenAiSdkSendsThrough() throws Exception {
        try (DiscordTestBot t = DiscordTestBot.start()) {
            JDA shard = Objects.requireNonNull(t.bot.shardManager()).getShards().getFirst();
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            shard.openPrivateChannelById(t.discord.user("quinn"))
                    .queue(channel -> ranOn.complete(Thread.currentThread()), ranOn::completeExceptionally);

            Thread callback = ranOn.get(10, TimeUnit.SECONDS);
            assertThat(callback.isVirtual()).isTrue();
            assertThat(callback.getName()).startsWith("discord-callback-");
        }
    }

    @Test
    void aTokenTheGatewayRejectsAfterTheLoginIsReportedWithTheVariableToCheck() throws Exception {
        CompletableFuture<PlatformStartException.TokenRejected> rejected = new CompletableFuture<>();
        try (DiscordTestBot t = DiscordTestBot.start(new DiscordTestBot.Options()
                .world(FakeDiscord::gatewayRejectsToken)
                .onTokenRejected(rejected::complete))) {
            assertThat(rejected.get(20, TimeUnit.SECONDS).getMessage())
                    .isEqualTo("Discord rejected the bot token (gateway close code 4004 Authentication failed): "
                            + "check DISCORD_BOT_TOKEN");
            assertThat(t.bot.connection().state().up()).isFalse();
        }
    }
}
