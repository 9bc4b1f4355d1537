package dev.chatbridge.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.discord.DispatchedInteraction;
import dev.chatbridge.testsupport.discord.PostedMessage;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What Discord does to a long-running bot: interaction tokens that expire, gateway connections that drop, and
 * 429s. Each test runs its own bot, since each needs a differently configured fake.
 */
class DiscordResilienceIT {

    private static final Duration WAIT = DiscordTestBot.WAIT;

    /** The fake's tokens last 4 s, and the bot stops using them after 2.5 s (in production: 15 and 14 minutes). */
    private static DiscordTestBot.Options shortTokens() {
        return new DiscordTestBot.Options()
                .interactionTokenWindow(Duration.ofMillis(2500))
                .world(discord -> discord.interactionTokenLifetime(Duration.ofSeconds(4)));
    }

    @Test
    void anImagineThatOutlivesItsInteractionTokenPostsTheGridInTheChannelAndItsButtonsWork() throws Exception {
        try (DiscordTestBot t = DiscordTestBot.start(shortTokens())) {
            t.midjourney.advanceEvery(Duration.ofHours(1)); // the job waits until the token has expired
            String carol = t.discord.user("carol");
            String channel = t.discord.generalChannelId();
            DispatchedInteraction imagine =
                    t.discord.slashCommand(channel, carol, "imagine", Map.of("prompt", "a lighthouse at dusk"));
            t.discord.await(
                    () -> imagine.originalMessageId() != null
                            && !t.discord
                                    .message(imagine.originalMessageId())
                                    .orElseThrow()
                                    .embedTitle()
                                    .isEmpty(),
                    WAIT,
                    "the progress embed in the placeholder");
            t.discord.await(() -> t.discord.interactionTokenExpired(imagine), WAIT, "the token to expire");
            t.midjourney.advanceEvery(Duration.ofMillis(100));

            PostedMessage grid =
                    t.discord.awaitBotMessage(channel, m -> !m.attachments().isEmpty(), WAIT);
            assertThat(grid.buttonLabels())
                    .containsExactly(List.of("U1", "U2", "U3", "U4", "🔄"), List.of("V1", "V2", "V3", "V4"));
            assertThat(grid.id()).isNotEqualTo(imagine.originalMessageId());
            assertThat(t.discord.calls("POST", "channels/" + channel + "/messages"))
                    .anySatisfy(call -> assertThat(call.files()).isNotEmpty());
            // The progress embed in the interaction's message was finished through the channel route.
            t.discord.await(
                    () -> t.discord
                            .message(imagine.originalMessageId())
                            .orElseThrow()
                            .embedDescription()
                            .startsWith("✅"),
                    WAIT,
                    "the progress embed to finish");
            assertThat(t.discord.calls("PATCH", "channels/" + channel + "/messages/" + imagine.originalMessageId()))
                    .isNotEmpty()
                    .allMatch(call -> call.status() == 200);

            DispatchedInteraction press =
                    t.discord.pressButton(grid.id(), grid.buttonKeys().get(0).get(0), carol); // U1
            t.discord.await(press::acknowledged, WAIT, "the press answered");
            PostedMessage upscaled = t.discord.awaitBotMessage(
                    channel, m -> !m.attachments().isEmpty() && !m.id().equals(grid.id()), WAIT);
            assertThat(upscaled.replyTo()).isEqualTo(grid.id());
            assertThat(t.midjourney.submits().getLast().body().path("customId").asString())
                    .startsWith("MJ::JOB::upsample::1::");
            assertNothingMetAnExpiredToken(t);
        }
    }

    @Test
    void aStreamedChatAnswerThatOutlivesTheTokenWindowGoesOnThroughTheChannelWithoutLosingText() throws Exception {
        try (DiscordTestBot t = DiscordTestBot.start(shortTokens())) {
            String dave = t.discord.user("dave");
            String channel = t.discord.generalChannelId();
            String answer = numberedWords(450); // over 2000 characters: a second message follows
            // 60 ms between 25-character chunks: the stream takes well over the 2.5 s window, however fast the bot.
            t.gateway.enqueue(Reply.of(answer).withChunkSize(25).withChunkDelay(Duration.ofMillis(60)));
            DispatchedInteraction chat =
                    t.discord.slashCommand(channel, dave, "chat", Map.of("message", "count for me"));
            t.awaitQuiet(
                    () -> chat.originalMessageId() != null
                            && t.discord.botMessages(channel).size() >= 2
                            && t.discord
                                    .botMessages(channel)
                                    .getLast()
                                    .content()
                                    .endsWith("word449"),
                    "the whole answer");

            List<PostedMessage> parts = t.discord.botMessages(channel);
            assertThat(parts.getFirst().id()).isEqualTo(chat.originalMessageId());
            assertThat(parts).hasSize(2);
            assertThat(joined(parts)).isEqualTo(answer);
            PostedMessage first = parts.getFirst();
            assertGrowing(first.history());
            // Started through the token, then edited through the channel, as Discord lets a bot edit its messages.
            assertThat(t.discord.calls("PATCH", "webhooks/\\d+/[^/]+/messages/.*"))
                    .isNotEmpty();
            assertThat(t.discord.calls("PATCH", "channels/" + channel + "/messages/" + first.id()))
                    .isNotEmpty()
                    .allMatch(call -> call.status() == 200);
            // The second part came after the window: an ordinary channel message.
            assertThat(t.discord.calls("POST", "channels/" + channel + "/messages"))
                    .anyMatch(call -> call.status() == 200);
            assertNothingMetAnExpiredToken(t);

            // The next command has a fresh token and answers in its own placeholder.
            t.gateway.enqueue(Reply.of("Done counting."));
            DispatchedInteraction next = t.discord.slashCommand(channel, dave, "chat", Map.of("message", "thanks"));
            t.awaitQuiet(
                    () -> next.originalMessageId() != null
                            && t.discord
                                    .message(next.originalMessageId())
                                    .map(m -> m.content().equals("Done counting."))
                                    .orElse(false),
                    "the next answer");
            assertThat(t.gateway.requests().getLast().messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .contains("count for me", answer);
        }
    }

    @Test
    void anAnswerThatStartsAfterTheTokenWindowComesAsAChannelMessageAndThePlaceholderGoes() throws Exception {
        try (DiscordTestBot t = DiscordTestBot.start(shortTokens())) {
            String hana = t.discord.user("hana");
            String channel = t.discord.generalChannelId();
            t.gateway.enqueue(Reply.of("Slow, but here.").withTimeToFirstToken(Duration.ofSeconds(3)));
            DispatchedInteraction chat =
                    t.discord.slashCommand(channel, hana, "chat", Map.of("message", "take your time"));
            t.awaitQuiet(
                    () -> t.discord.botMessages(channel).stream()
                            .anyMatch(m -> m.content().equals("Slow, but here.")),
                    "the answer");

            PostedMessage placeholder =
                    t.discord.message(chat.originalMessageId()).orElseThrow();
            assertThat(placeholder.deleted())
                    .as("the unused thinking… placeholder")
                    .isTrue();
            assertThat(t.discord.calls("DELETE", "channels/" + channel + "/messages/" + placeholder.id()))
                    .singleElement()
                    .satisfies(call -> assertThat(call.status()).isEqualTo(204));
            assertThat(t.discord.botMessages(channel))
                    .filteredOn(m -> !m.deleted())
                    .singleElement()
                    .satisfies(answer -> assertThat(answer.content()).isEqualTo("Slow, but here."));
            assertNothingMetAnExpiredToken(t);
        }
    }

    @Test
    void aGatewayOutageDuringAStreamedAnswerIsTransparentAndWhatWasSaidMeanwhileIsAnsweredAfterTheResume()
            throws Exception {
        try (DiscordTestBot t = DiscordTestBot.start()) {
            String erin = t.discord.user("erin");
            String dm = t.discord.dmChannelOf(erin);
            String answer = numberedWords(120);
            t.gateway.enqueue(Reply.of(answer).withChunkSize(12).withChunkDelay(Duration.ofMillis(60)));
            t.discord.userDms(erin, "count slowly");
            t.discord.awaitBotMessage(dm, m -> !m.content().isEmpty(), WAIT);

            t.discord.takeGatewayDown();
            t.gateway.enqueue(Reply.of("You asked me to count slowly."));
            t.discord.userDms(erin, "what did I ask?"); // kept by the fake for the session's resume
            // REST does not need the gateway: the answer streams on to its end.
            t.discord.await(
                    () -> t.discord.botMessages(dm).getFirst().content().equals(answer),
                    WAIT,
                    "the first answer to complete while the gateway is down");
            assertThat(t.discord.botMessages(dm)).hasSize(1);

            t.discord.bringGatewayBack();
            t.discord.awaitSessions(1, WAIT);
            t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 2, "the answer to the message sent meanwhile");

            assertThat(t.discord.gatewayFrames(2)).as("identified once").hasSize(1);
            assertThat(t.discord.gatewayFrames(6)).as("resumed").isNotEmpty();
            assertGrowing(t.discord.botMessages(dm).getFirst().history());
            assertThat(t.discord.botMessages(dm).getLast().content()).isEqualTo("You asked me to count slowly.");
            ReceivedChatRequest second = t.gateway.requests().getLast();
            assertThat(second.lastUserText()).isEqualTo("what did I ask?");
            assertThat(second.messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .contains("count slowly", answer);
            assertThat(t.gateway.requests()).hasSize(2); // nothing was answered twice
        }
    }

    @Test
    void aForgottenGatewaySessionIsIdentifiedAnewAndTheNextMessageKeepsTheConversation() throws Exception {
        try (DiscordTestBot t = DiscordTestBot.start()) {
            String frank = t.discord.user("frank");
            String dm = t.discord.dmChannelOf(frank);
            t.gateway.enqueue(Reply.of("The answer is 42."));
            t.discord.userDms(frank, "what is the answer?");
            t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 1, "the first answer");

            t.discord.endGatewaySessions(); // the RESUME fails: JDA must identify again
            t.discord.await(() -> t.discord.gatewayFrames(2).size() == 2, WAIT, "a second IDENTIFY");
            t.discord.awaitSessions(1, WAIT);
            t.discord.await(() -> t.bot.connection().state().up(), WAIT, "the shard connected");

            t.gateway.enqueue(Reply.of("Still 42."));
            t.discord.userDms(frank, "and now?");
            t.awaitQuiet(() -> t.discord.botMessages(dm).size() == 2, "the answer after the new session");
            assertThat(t.gateway.requests().getLast().messages())
                    .extracting(ReceivedChatRequest.Msg::text)
                    .contains("what is the answer?", "The answer is 42.", "and now?");
        }
    }

    @Test
    void tooFastEditsAnd429sAreWaitedOutByJdaAndTheAnswerArrivesExactlyOnce() throws Exception {
        try (DiscordTestBot t =
                DiscordTestBot.start(new DiscordTestBot.Options().editInterval(Duration.ofMillis(100)))) {
            String gina = t.discord.user("gina");
            String dm = t.discord.dmChannelOf(gina);
            String answer = numberedWords(500);
            t.gateway.enqueue(Reply.of(answer).withChunkSize(20).withChunkDelay(Duration.ofMillis(25)));
            t.discord.userDms(gina, "count fast");
            // JDA paces itself by the bucket headers, so on its own it meets no 429 however fast we ask to edit;
            // another process on the same token (say, the old pod of a rolling update) spends the bucket unseen.
            t.discord.awaitBotMessage(dm, m -> true, WAIT);
            t.discord.otherClientUsesUpMessageBucket(dm);
            t.awaitQuiet(
                    () -> !t.discord.botMessages(dm).isEmpty()
                            && t.discord.botMessages(dm).getLast().content().endsWith("word499"),
                    "the whole answer");

            List<PostedMessage> parts = t.discord.botMessages(dm);
            assertThat(t.discord.rateLimitedCalls())
                    .as("429s from the message bucket")
                    .isPositive();
            assertThat(joined(parts)).isEqualTo(answer);
            assertThat(parts).allSatisfy(part -> {
                assertThat(part.deleted()).isFalse();
                assertGrowing(part.history());
            });

            t.gateway.enqueue(Reply.of("Sure."));
            t.discord.userDms(gina, "thanks");
            t.awaitQuiet(() -> t.discord.botMessages(dm).size() == parts.size() + 1, "the next answer");
            assertThat(t.discord.botMessages(dm).getLast().content()).isEqualTo("Sure.");
        }
    }

    private static void assertNothingMetAnExpiredToken(DiscordTestBot t) {
        assertThat(t.discord.calls()).noneMatch(call -> call.status() == 401);
        assertThat(t.discord.calls())
                .filteredOn(call -> call.path().startsWith("webhooks/"))
                .allMatch(call -> call.status() / 100 == 2);
    }

    /** "word0 word1 …": any lost or repeated piece shows. */
    private static String numberedWords(int count) {
        return IntStream.range(0, count).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
    }

    /** The parts of a split answer, joined back: splits happen at whitespace, which the split drops. */
    private static String joined(List<PostedMessage> parts) {
        return parts.stream().map(PostedMessage::content).map(String::strip).collect(Collectors.joining(" "));
    }

    /** Each version of a streamed message starts with the one before: nothing shown was taken back. */
    private static void assertGrowing(List<String> history) {
        for (int i = 1; i < history.size(); i++) {
            if (!history.get(i - 1).isEmpty()) {
                assertThat(history.get(i))
                        .as("version %d of %s", i, history)
                        .startsWith(history.get(i - 1).strip());
            }
        }
    }
}
