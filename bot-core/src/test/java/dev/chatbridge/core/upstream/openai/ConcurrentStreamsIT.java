package dev.chatbridge.core.upstream.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.chat.ChatRequest;
import dev.chatbridge.core.chat.UpstreamEvent;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.openai.Reply;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Many answers streaming at once through Spring AI's client: none may cost a platform thread of its own, and nothing
 * under the engine may cap how many run at once. The gateway holds every request until all of them have arrived
 * (a cap below N would leave the rest waiting and fail the test), then sends each one first chunk and holds the
 * stream open until the test releases it by closing the gateway.
 */
class ConcurrentStreamsIT {

    private static final int STREAMS = 200;
    /**
     * Platform threads the streams may add in total, far below one per stream: the virtual threads' carriers and
     * OkHttp's task runner, which opens the new connections on short-lived platform threads of its own.
     */
    private static final int MAX_ADDED_PLATFORM_THREADS = STREAMS / 4;

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void manyStreamsAtOnceWithoutAPlatformThreadEachAndWithoutACap() throws Exception {
        CountDownLatch arrived = new CountDownLatch(STREAMS);
        CountDownLatch firstChunks = new CountDownLatch(STREAMS);
        CountDownLatch ended = new CountDownLatch(STREAMS);
        AtomicInteger endedBeforeRelease = new AtomicInteger();
        List<Disposable> streams = new ArrayList<>();
        int platformBefore;
        int platformWhileOpen;
        try (FakeOpenAiServer gateway = new FakeOpenAiServer("sk-streams")) {
            gateway.answerBy(request -> {
                arrived.countDown();
                try {
                    if (!arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        return Reply.httpError(503, "{\"error\":{\"message\":\"not all requests arrived\"}}");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Reply.of("first words, then the gateway holds the stream")
                        .hangAfterChunks(1);
            });
            SpringAiChatUpstream upstream = new SpringAiChatUpstream(new SpringAiChatUpstream.GatewaySettings(
                    gateway.baseUrl(), "sk-streams", "gpt-4o", Duration.ofMinutes(2)));
            // One stream first, so that what every client and server creates once is not counted as per stream.
            warmUp(gateway, upstream);
            platformBefore = platformThreads();

            for (int i = 0; i < STREAMS; i++) {
                AtomicInteger seen = new AtomicInteger();
                streams.add(upstream.stream(new ChatRequest("gpt-4o", null, List.of(), "question " + i))
                        .subscribe(
                                event -> {
                                    if (event instanceof UpstreamEvent.TextDelta && seen.getAndIncrement() == 0) {
                                        firstChunks.countDown();
                                    }
                                },
                                error -> ended.countDown(),
                                ended::countDown));
            }
            assertThat(arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as(
                            "all %d requests reach the gateway at once (only %d did)",
                            STREAMS, STREAMS - arrived.getCount())
                    .isTrue();
            assertThat(firstChunks.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("every stream has its first chunk while all are open (%d lack it)", firstChunks.getCount())
                    .isTrue();
            platformWhileOpen = platformThreads();
            endedBeforeRelease.set((int) (STREAMS - ended.getCount()));
        } // closing the gateway releases the held streams
        assertThat(ended.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("every stream ends once released")
                .isTrue();
        streams.forEach(Disposable::dispose);

        assertThat(endedBeforeRelease.get())
                .as("streams that ended before release")
                .isZero();
        assertThat(platformWhileOpen - platformBefore)
                .as(
                        "platform threads added by %d open streams (%d before, %d while open)",
                        STREAMS, platformBefore, platformWhileOpen)
                .isLessThanOrEqualTo(MAX_ADDED_PLATFORM_THREADS);
    }

    private static void warmUp(FakeOpenAiServer gateway, SpringAiChatUpstream upstream) {
        gateway.enqueue(Reply.of("warm"));
        assertThat(upstream.stream(new ChatRequest("gpt-4o", null, List.of(), "warm up"))
                        .collectList()
                        .block(WAIT))
                .isNotEmpty();
    }

    /** Live platform threads: the JVM's thread count leaves virtual threads out. */
    private static int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
