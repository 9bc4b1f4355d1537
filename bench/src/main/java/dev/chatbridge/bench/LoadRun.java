package dev.chatbridge.bench;

import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.telegram.ApiCall;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Simulated users against one running application: a batch is N users in N private chats who each ask one
 * question at the same moment; the batch ends when every chat holds its finished answer.
 */
final class LoadRun {

    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final Fakes fakes;
    private final AppProcess app;
    private long nextChat;

    LoadRun(Fakes fakes, AppProcess app, long firstChatId) {
        this.fakes = fakes;
        this.app = app;
        this.nextChat = firstChatId;
    }

    /**
     * Runs {@code rounds} rounds of {@code concurrency} conversations each, a round starting when the previous one
     * finished; {@code heapSamples} also polls the app's heap once a second.
     */
    BatchFigures batch(String label, int concurrency, int rounds, Duration timeout, boolean heapSamples)
            throws IOException, InterruptedException {
        return batch(label, Answer.reply(), true, concurrency, rounds, timeout, heapSamples);
    }

    /**
     * The same with every answer streamed as {@code reply}, without the probe stream beside it (which only serves the
     * freshness figures of {@link Answer#reply()}, and would compete for the CPU with a first answer).
     */
    BatchFigures batch(String label, Reply reply, int concurrency, int rounds, Duration timeout)
            throws IOException, InterruptedException {
        return batch(label, reply, false, concurrency, rounds, timeout, false);
    }

    private BatchFigures batch(
            String label,
            Reply reply,
            boolean probeGateway,
            int concurrency,
            int rounds,
            Duration timeout,
            boolean heapSamples)
            throws IOException, InterruptedException {
        Reply[] replies = new Reply[concurrency * rounds + (probeGateway ? 1 : 0)];
        Arrays.fill(replies, reply);
        fakes.gateway.enqueue(replies); // with one more for the probe
        Map<Long, Instant> sentAt = new LinkedHashMap<>();
        double appCpu = app.cpuSeconds();
        double benchCpu = ProcFs.cpuSeconds(ProcFs.selfPid());
        Set<Long> finished = new HashSet<>();
        Peak peak = new Peak();
        int scanned = fakes.telegram.calls().size();
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextHeapSample = 0;
        CompletableFuture<Double> probe = null;
        Instant started = Instant.now();
        for (int round = 0; round < rounds; round++) {
            Instant roundStarted = Instant.now();
            for (int i = 0; i < concurrency; i++) {
                long chat = nextChat++;
                sentAt.put(chat, Instant.now());
                fakes.telegram.sendText(chat, chat, Answer.question(chat));
            }
            while (finished.size() < sentAt.size() && System.nanoTime() < deadline) {
                List<ApiCall> calls = fakes.telegram.calls();
                for (; scanned < calls.size(); scanned++) {
                    ApiCall call = calls.get(scanned);
                    if (sentAt.containsKey(call.chatId()) && BatchFigures.isFinal(call)) {
                        finished.add(call.chatId());
                    }
                }
                int arrived = arrivedRequests(sentAt);
                if (probeGateway
                        && probe == null
                        && (arrived >= sentAt.size()
                                || Duration.between(roundStarted, Instant.now()).toSeconds() >= 3)) {
                    // Beside the bridge's streams, at full load: how fast the fake gateway really streams.
                    probe = GatewayProbe.start(fakes.gateway.baseUrl(), Fakes.KEY);
                }
                boolean heapNow = heapSamples && System.nanoTime() >= nextHeapSample;
                if (heapNow) {
                    nextHeapSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                peak.sample(arrived - finished.size(), heapNow);
                Thread.sleep(50);
            }
        }
        if (finished.size() < sentAt.size()) {
            System.err.printf(
                    "[bench] %s: only %d of %d answers finished within %s%n",
                    label, finished.size(), sentAt.size(), timeout);
        }
        Thread.sleep(SETTLE); // the turn is saved and the lock released right after the final message
        double interval = probe == null ? Double.NaN : waitFor(probe);
        Map<Long, Integer> violations = new HashMap<>();
        for (long chat : sentAt.keySet()) {
            violations.put(chat, fakes.telegram.rateViolations(chat));
        }
        return BatchFigures.of(new BatchFigures.Run(
                label,
                sentAt,
                started,
                fakes.telegram.calls(),
                fakes.gateway.requests(),
                violations,
                interval,
                app.cpuSeconds() - appCpu,
                ProcFs.cpuSeconds(ProcFs.selfPid()) - benchCpu,
                peak.result()));
    }

    private int arrivedRequests(Map<Long, Instant> sentAt) {
        int arrived = 0;
        for (ReceivedChatRequest request : fakes.gateway.requests()) {
            if (sentAt.containsKey(Answer.chatOf(request.lastUserText()))) {
                arrived++;
            }
        }
        return arrived;
    }

    private static double waitFor(CompletableFuture<Double> probe) throws InterruptedException {
        try {
            return probe.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Double.NaN;
        }
    }

    /** The app's resources at the sample with the most answers in flight (heap only where it was polled). */
    private final class Peak {
        private int inFlight = -1;
        private long rss;
        private long heapUsed = -1;
        private long heapCommitted = -1;
        private int threads;
        private long maxRss;

        void sample(int nowInFlight, boolean withHeap) throws IOException, InterruptedException {
            long nowRss = app.rssBytes();
            maxRss = Math.max(maxRss, nowRss);
            if (!withHeap || nowInFlight < inFlight) {
                return;
            }
            AppProcess.Heap heap = app.heap();
            inFlight = nowInFlight;
            rss = nowRss;
            heapUsed = heap.usedBytes();
            heapCommitted = heap.committedBytes();
            threads = app.threads();
        }

        BatchFigures.@Nullable ResourceSample result() {
            return inFlight < 0
                    ? null
                    : new BatchFigures.ResourceSample(inFlight, rss, heapUsed, heapCommitted, threads, maxRss);
        }
    }
}
