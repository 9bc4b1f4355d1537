package dev.chatbridge.bench.micro;

import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.DeliveryOutcome;
import dev.chatbridge.core.delivery.StreamingReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The edit coalescer ({@link StreamingReply}) against an in-memory chat and a pacer that never waits, so only the
 * engine's own cost is left: locking, coalescing, splitting every snapshot, and the final pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamingReplyBenchmark {

    private static final ChatPacer NO_WAIT = new ChatPacer() {
        @Override
        public void awaitTurn(String chatKey, Duration interval) {}

        @Override
        public void holdOff(String chatKey, Duration retryAfter) {}
    };

    private String[] deltas = new String[0];

    @Setup
    public void setUp() {
        String answer = SampleMarkdown.ofLength(3_500);
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < answer.length(); start += 4) {
            pieces.add(answer.substring(start, Math.min(answer.length(), start + 4)));
        }
        deltas = pieces.toArray(String[]::new);
    }

    /** About 880 four-character deltas appended, then one delivery of the finished 3,500-character answer. */
    @Benchmark
    public DeliveryOutcome appendAllThenDeliver() throws InterruptedException {
        StreamingReply reply = new StreamingReply(new InMemoryChannel(), NO_WAIT);
        for (String delta : deltas) {
            reply.append(delta);
        }
        reply.finish("");
        return reply.deliver();
    }

    /**
     * The same deltas appended by a producer thread as fast as it can while this thread delivers: every update
     * the chat allows (here: any) shows the newest text, everything in between is coalesced.
     */
    @Benchmark
    public DeliveryOutcome streamWhileDelivering() throws InterruptedException {
        StreamingReply reply = new StreamingReply(new InMemoryChannel(), NO_WAIT);
        Thread producer = Thread.ofVirtual().start(() -> {
            for (String delta : deltas) {
                reply.append(delta);
            }
            reply.finish("");
        });
        DeliveryOutcome outcome = reply.deliver();
        producer.join();
        return outcome;
    }
}
