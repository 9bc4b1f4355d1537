package dev.chatbridge.testsupport.midjourney;

import dev.chatbridge.testsupport.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import tools.jackson.databind.JsonNode;

/** Posts task JSON to notify hooks, one at a time and in order, as the proxies do, and records each call. */
final class NotifyHooks implements AutoCloseable {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-midjourney-hooks");
        thread.setDaemon(true);
        return thread;
    });
    private final List<FakeMidjourneyProxy.HookCall> calls = new CopyOnWriteArrayList<>();

    /** Queues the call; it goes out after all earlier ones. */
    void post(String url, JsonNode task) {
        try {
            sender.execute(() -> calls.add(new FakeMidjourneyProxy.HookCall(url, task, send(url, task))));
        } catch (RejectedExecutionException closed) {
            // The fake is shutting down; nobody is listening any more.
        }
    }

    List<FakeMidjourneyProxy.HookCall> calls() {
        return List.copyOf(calls);
    }

    private int send(String url, JsonNode task) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(task)))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
