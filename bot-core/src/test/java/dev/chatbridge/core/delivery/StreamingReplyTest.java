package dev.chatbridge.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StreamingReplyTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    @Test
    void showsFirstTokenAtOnceThenEditsNoFasterThanTheInterval() throws Exception {
        RecordingChannel channel = new RecordingChannel(4096, INTERVAL, false);
        StreamingReply reply = new StreamingReply(channel, new LocalChatPacer());
        CompletableFuture<DeliveryOutcome> delivery = deliverInBackground(reply);

        for (int i = 0; i < 40; i++) {
            reply.append("word" + i + " ");
            Thread.sleep(20);
        }
        reply.finish("");
        DeliveryOutcome outcome = delivery.get();

        List<RecordingChannel.Call> calls = channel.calls();
        assertThat(calls.getFirst().kind()).isEqualTo("send");
        assertThat(calls.getFirst().text()).startsWith("word0");
        assertThat(channel.tooFast()).isZero();
        // 40 tokens over ~800 ms at one call per 200 ms: a handful of edits, not 40.
        assertThat(calls).hasSizeBetween(3, 8);
        assertThat(outcome.platformCalls()).isEqualTo(calls.size());
        assertThat(channel.messages()).singleElement().satisfies(last -> {
            assertThat(last.format()).isEqualTo(OutgoingText.Format.MARKDOWN);
            assertThat(last.text()).isEqualTo(expectedWords(40));
        });
    }

    @Test
    void streamsMarkdownAsWrittenWhereThePlatformRendersItNatively() throws Exception {
        RecordingChannel channel = new RecordingChannel(
                new ChannelLimits(2000, Duration.ofMillis(10), false, ChannelLimits.Markup.NATIVE_MARKDOWN));
        StreamingReply reply = new StreamingReply(channel, new LocalChatPacer());
        CompletableFuture<DeliveryOutcome> delivery = deliverInBackground(reply);
        reply.append("**bold");
        Thread.sleep(50);
        reply.append("** text");
        reply.finish("");
        delivery.get();

        assertThat(channel.calls())
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call.format()).isEqualTo(OutgoingText.Format.MARKDOWN));
        assertThat(channel.messages())
                .singleElement()
                .extracting(OutgoingText::text)
                .isEqualTo("**bold** text");
    }

    @Test
    void endsQuietlyWhenTheUserDeletesTheMessageBeingWritten() throws Exception {
        RecordingChannel channel = new RecordingChannel(4096, Duration.ofMillis(10), false);
        StreamingReply reply = new StreamingReply(channel, new LocalChatPacer());
        CompletableFuture<DeliveryOutcome> delivery = deliverInBackground(reply);
        reply.append("first words");
        Await.callsAtLeast(channel, 1);
        channel.failNextWith(new DeliveryException.MessageGone("Unknown Message"));
        reply.append(" and more");
        Await.callsAtLeast(channel, 2);
        reply.append(" that nobody sees");
        reply.finish("");
        DeliveryOutcome outcome = delivery.get();

        assertThat(reply.abandoned()).isTrue();
        assertThat(channel.calls()).hasSize(2);
        assertThat(outcome.platformCalls()).isEqualTo(2);
    }

    /** Polls the recording channel; the delivering thread runs on its own. */
    private static final class Await {
        static void callsAtLeast(RecordingChannel channel, int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (channel.calls().size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + count + " calls, got " + channel.calls());
                }
                Thread.sleep(5);
            }
        }
    }

    @Test
    void continuesInNewMessagesWhenTheAnswerOutgrowsOneAndLosesNothing() throws Exception {
        RecordingChannel channel = new RecordingChannel(500, Duration.ofMillis(10), false);
        StreamingReply reply = new StreamingReply(channel, new LocalChatPacer());
        CompletableFuture<DeliveryOutcome> delivery = deliverInBackground(reply);
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String token = "token" + i + (i % 25 == 24 ? "\n\n" : " ");
            sent.append(token);
            reply.append(token);
            if (i % 10 == 0) {
                Thread.sleep(5);
            }
        }
        reply.finish("");
        DeliveryOutcome outcome = delivery.get();

        List<OutgoingText> messages = channel.messages();
        assertThat(messages.size()).isGreaterThan(3);
        assertThat(messages).allSatisfy(message -> {
            assertThat(message.text().length()).isLessThanOrEqualTo(500);
            assertThat(message.format()).isEqualTo(OutgoingText.Format.MARKDOWN);
        });
        String joined = messages.stream().map(OutgoingText::text).collect(Collectors.joining());
        assertThat(joined.replaceAll("\\s+", " ").strip())
                .isEqualTo(sent.toString().replaceAll("\\s+", " ").strip());
        assertThat(outcome.messages()).hasSize(messages.size());
    }

    @Test
    void coalescesUpdatesDuringA429AndStillDeliversTheFinalText() throws Exception {
        RecordingChannel channel = new RecordingChannel(4096, Duration.ofMillis(50), false);
        StreamingReply reply = new StreamingReply(channel, new LocalChatPacer());
        CompletableFuture<DeliveryOutcome> delivery = deliverInBackground(reply);
        reply.append("first ");
        Thread.sleep(100);
        channel.failNextWith(
                new DeliveryException.RateLimited(Duration.ofMillis(600), "Too Many Requests: retry after 1"));
        channel.failNextWith(
                new DeliveryException.RateLimited(Duration.ofMillis(300), "Too Many Requests: retry after 1"));
        for (int i = 0; i < 20; i++) {
            reply.append("more" + i + " ");
            Thread.sleep(30);
        }
        reply.finish("");
        delivery.get();

        List<RecordingChannel.Call> calls = channel.calls();
        long rateLimitedAt = calls.get(1).atNanos();
        // Nothing was sent while the retry-after was running.
        assertThat(calls.get(2).atNanos() - rateLimitedAt)
                .isGreaterThanOrEqualTo(Duration.ofMillis(550).toNanos());
        assertThat(channel.messages())
                .singleElement()
                .satisfies(message ->
                        assertThat(message.text()).startsWith("first more0").endsWith("more19"));
    }

    @Test
    void sendsPlainTextWhenThePlatformRejectsTheMarkup() throws Exception {
        RecordingChannel channel = new RecordingChannel(4096, Duration.ofMillis(10), false);
        channel.failNextWith(new DeliveryException.MarkupRejected("Bad Request: can't parse entities"));

        StreamingReply.deliverComplete(channel, new LocalChatPacer(), "**bold** answer");

        assertThat(channel.calls())
                .extracting(RecordingChannel.Call::format)
                .containsExactly(OutgoingText.Format.MARKDOWN, OutgoingText.Format.PLAIN);
        assertThat(channel.messages()).singleElement().isEqualTo(OutgoingText.plain("**bold** answer"));
    }

    @Test
    void streamsIntoDraftsAndSendsTheFinishedMessageOnce() throws Exception {
        RecordingChannel channel = new RecordingChannel(4096, Duration.ofMillis(50), true);
        StreamingReply reply = new StreamingReply(channel, new LocalChatPacer());
        CompletableFuture<DeliveryOutcome> delivery = deliverInBackground(reply);
        for (int i = 0; i < 10; i++) {
            reply.append("part" + i + " ");
            Thread.sleep(30);
        }
        reply.finish("");
        delivery.get();

        List<RecordingChannel.Call> calls = channel.calls();
        assertThat(calls.subList(0, calls.size() - 1))
                .extracting(RecordingChannel.Call::kind)
                .containsOnly("draft");
        assertThat(calls.getLast().kind()).isEqualTo("send");
        assertThat(channel.messages())
                .singleElement()
                .isEqualTo(OutgoingText.markdown(expectedWords(10).replace("word", "part")));
    }

    @Test
    void appendsTheErrorNoteBelowThePartialText() throws Exception {
        RecordingChannel channel = new RecordingChannel(4096, Duration.ofMillis(10), false);
        StreamingReply reply = new StreamingReply(channel, new LocalChatPacer());
        CompletableFuture<DeliveryOutcome> delivery = deliverInBackground(reply);
        reply.append("Partial answer");
        reply.finish("⚠️ cut off");
        delivery.get();

        assertThat(channel.messages().getLast().text()).isEqualTo("Partial answer\n\n⚠️ cut off");
    }

    private static String expectedWords(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("word").append(i).append(' ');
        }
        return text.toString().strip();
    }

    private static CompletableFuture<DeliveryOutcome> deliverInBackground(StreamingReply reply) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return reply.deliver();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                },
                Executors.newVirtualThreadPerTaskExecutor());
    }
}
