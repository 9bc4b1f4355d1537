package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.DiscordMessage;
import dev.chatbridge.testsupport.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chat through the real JDA client: DMs, mentions in a channel, threads, long answers. */
class DiscordConversationIT {

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
    void answersADirectMessageStreamingByEditsAndKeepsTheConversation() {
        String alice = t.discord.user("alice");
        t.gateway.enqueue(Reply.of("Paris is the **capital** of France, and it has been for a very long time.")
                .withChunkSize(6).withChunkDelay(Duration.ofMillis(120)));
        t.discord.userDms(alice, "What is the capital of France?");
        String dm = t.discord.dmChannelOf(alice);
        t.awaitQuiet(() -> t.discord.botMessages(dm).stream().anyMatch(m -> m.content().endsWith("long time.")),
                "the streamed answer");

        DiscordMessage answer = t.discord.botMessages(dm).getLast();
        assertThat(answer.content()).isEqualTo("Paris is the **capital** of France, and it has been for a very long time.");
        assertThat(answer.history()).hasSizeGreaterThan(1); // first words, then edits
        assertThat(t.discord.rateLimitedCalls()).isZero();

        t.gateway.enqueue(Reply.of("About 2.1 million people."));
        t.discord.userDms(alice, "How many people live there?");
        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 2, "the second answer");
        var second = t.gateway.requests().getLast();
        assertThat(second.lastUserText()).isEqualTo("How many people live there?");
        assertThat(second.messages()).hasSizeGreaterThanOrEqualTo(3); // the first question and answer came along
    }
}
