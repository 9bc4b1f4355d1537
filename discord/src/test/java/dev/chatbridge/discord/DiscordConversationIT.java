package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.discord.PostedMessage;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
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
                .withChunkSize(6)
                .withChunkDelay(Duration.ofMillis(120)));
        t.discord.userDms(alice, "What is the capital of France?");
        String dm = t.discord.dmChannelOf(alice);
        t.awaitQuiet(
                () -> t.discord.botMessages(dm).stream()
                        .anyMatch(m -> m.content().endsWith("long time.")),
                "the streamed answer");

        PostedMessage answer = t.discord.botMessages(dm).getLast();
        assertThat(answer.content())
                .isEqualTo("Paris is the **capital** of France, and it has been for a very long time.");
        assertThat(answer.history()).hasSizeGreaterThan(1); // first words, then edits
        assertThat(t.discord.rateLimitedCalls()).isZero();

        t.gateway.enqueue(Reply.of("About 2.1 million people."));
        t.discord.userDms(alice, "How many people live there?");
        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 2, "the second answer");
        var second = t.gateway.requests().getLast();
        assertThat(second.lastUserText()).isEqualTo("How many people live there?");
        assertThat(second.messages()).hasSizeGreaterThanOrEqualTo(3); // the first question and answer came along
    }

    @Test
    void reportsGatewayFailuresAsOnTelegramAndKeepsTheConversationConsistent() {
        String carl = t.discord.user("carl");
        String dm = t.discord.dmChannelOf(carl);
        t.gateway.enqueue(
                Reply.httpError(
                        500,
                        "{\"error\":{\"message\":\"upstream exploded\",\"type\":\"new_api_error\",\"code\":\"bad_response\"}}"));
        t.discord.userDms(carl, "will fail");
        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 1, "the error");
        assertThat(t.discord.botMessages(dm).getFirst().content())
                .contains("AI gateway returned an error")
                .contains("500");

        t.gateway.enqueue(
                Reply.of("Half an answer then trouble").withChunkSize(5).errorMidStream(2, "channel quota exhausted"));
        t.discord.userDms(carl, "mid stream error");
        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 2, "the partial answer and the error");
        assertThat(t.discord.botMessages(dm).get(1).content())
                .startsWith("Half an")
                .contains("channel quota exhausted");

        t.gateway.enqueue(Reply.of("Working again."));
        t.discord.userDms(carl, "works again?");
        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 3, "the next answer");
        assertThat(t.discord.botMessages(dm).get(2).content()).isEqualTo("Working again.");
        // Failed turns are not part of the context: the next question goes alone.
        assertThat(t.gateway.requests().getLast().messages())
                .extracting(ReceivedChatRequest.Msg::text)
                .containsExactly("works again?");
    }

    @Test
    void startsAThreadWhenMentionedInAChannelAndTreatsTheThreadAsOneConversation() {
        String bob = t.discord.user("bob");
        String carol = t.discord.user("carol");
        String channel = t.discord.addTextChannelNow("threads");
        t.gateway.enqueue(Reply.of("Use `git rebase -i`."));
        t.discord.userSays(channel, bob, "<@" + t.discord.botId() + "> how do I squash commits?");
        t.discord.await(() -> t.discord.threadsOf(channel).size() == 1, DiscordTestBot.WAIT, "a thread");
        String thread = t.discord.threadsOf(channel).getFirst();
        t.awaitQuiet(() -> t.discord.botMessages(thread).size() == 1, "the answer in the thread");
        assertThat(t.discord.botMessages(thread).getFirst().content()).isEqualTo("Use `git rebase -i`.");
        assertThat(t.gateway.requests().getLast().lastUserText()).isEqualTo("how do I squash commits?");
        assertThat(t.discord.botMessages(channel)).isEmpty();

        // In its thread the bot answers everyone without a mention, with the thread's whole history.
        t.gateway.enqueue(Reply.of("Mark the commits with `squash`."));
        t.discord.userSays(thread, carol, "and then?");
        t.awaitQuiet(() -> t.discord.botMessages(thread).size() == 2, "the second answer in the thread");
        var request = t.gateway.requests().getLast();
        assertThat(request.lastUserText()).isEqualTo("and then?");
        assertThat(request.messages())
                .extracting(m -> m.text())
                .contains("how do I squash commits?", "Use `git rebase -i`.");
    }

    @Test
    void answersAMentionInTheChannelAsAReplyWhereNoThreadCanBeStarted() {
        String dave = t.discord.user("dave");
        String channel = t.discord.addTextChannelNow("no-threads");
        t.discord.denyToBot(channel, 1L << 35); // Create Public Threads
        t.gateway.enqueue(Reply.of("Hello Dave."));
        String question = t.discord.userSays(channel, dave, "<@" + t.discord.botId() + "> hi");
        t.awaitQuiet(() -> t.discord.botMessages(channel).size() == 1, "the answer in the channel");
        PostedMessage answer = t.discord.botMessages(channel).getFirst();
        assertThat(answer.content()).isEqualTo("Hello Dave.");
        assertThat(answer.replyTo()).isEqualTo(question);
        assertThat(t.discord.threadsOf(channel)).isEmpty();
        // A message in the channel without a mention is not for the bot.
        int requests = t.gateway.requests().size();
        t.discord.userSays(channel, dave, "just chatting with friends");
        t.discord.userDms(t.discord.user("erin"), "ping");
        t.awaitQuiet(() -> t.gateway.requests().size() == requests + 1, "only the DM reached the gateway");
        assertThat(t.gateway.requests().getLast().lastUserText()).isEqualTo("ping");
    }

    @Test
    void continuesInFurtherMessagesWhenTheAnswerExceeds2000CharsWithCodeFencesBalanced() {
        String frank = t.discord.user("frank");
        StringBuilder code = new StringBuilder("Here is the script:\n\n```python\n");
        for (int i = 0; code.length() < 4500; i++) {
            code.append("print('line ").append(i).append(" of a long generated script')\n");
        }
        code.append("```\n\nRun it with python3.");
        t.gateway.enqueue(Reply.of(code.toString()).withChunkSize(400).withChunkDelay(Duration.ofMillis(30)));
        t.discord.userDms(frank, "write a long script");
        String dm = t.discord.dmChannelOf(frank);
        t.awaitQuiet(
                () -> t.discord.botMessages(dm).size() >= 3
                        && t.discord.botMessages(dm).getLast().content().endsWith("Run it with python3."),
                "all parts");

        List<PostedMessage> parts = t.discord.botMessages(dm);
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.content().length()).isLessThanOrEqualTo(2000);
            assertThat(part.content().split("```", -1).length % 2)
                    .as("balanced fences in " + part.id())
                    .isEqualTo(1);
        });
        assertThat(parts.get(1).content()).startsWith("```python");
        assertThat(t.discord.calls().stream().filter(call -> call.status() == 400))
                .isEmpty();
    }

    @Test
    void endsQuietlyWhenTheUserDeletesTheAnswerWhileItStreams() {
        String gina = t.discord.user("gina");
        t.gateway.enqueue(Reply.of("word ".repeat(200)).withChunkSize(10).withChunkDelay(Duration.ofMillis(40)));
        t.discord.userDms(gina, "tell me a long story");
        String dm = t.discord.dmChannelOf(gina);
        PostedMessage first = t.discord.awaitBotMessage(dm, m -> true, DiscordTestBot.WAIT);
        t.discord.deleteMessage(first.id());
        t.awaitQuiet(() -> true, "the answer to end");

        assertThat(t.discord.botMessages(dm))
                .singleElement()
                .satisfies(m -> assertThat(m.deleted()).isTrue());
        // The aborted answer is not part of the conversation.
        t.gateway.enqueue(Reply.of("Sure."));
        t.discord.userDms(gina, "short one please");
        t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 2, "the next answer");
        assertThat(t.gateway.requests().getLast().messages())
                .extracting(m -> m.text())
                .doesNotContain("tell me a long story");
    }
}
