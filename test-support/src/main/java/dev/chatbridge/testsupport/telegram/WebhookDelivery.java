package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Telegram's side of webhook mode: while a webhook is set, every pending update is POSTed to it as JSON with
 * the {@code X-Telegram-Bot-Api-Secret-Token} header. One chat's updates go one at a time and in order, other
 * chats in parallel; any answer but 2xx (or no answer) is retried with a growing pause, and the update stays
 * pending until then. Tests may put a "load balancer" in front (round-robin over several targets) and make it
 * deliver some updates twice, as Telegram does when an acknowledgement gets lost.
 */
final class WebhookDelivery implements AutoCloseable {
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(2);

    private final ServerState state;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread dispatcher;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean running = true;

    WebhookDelivery(ServerState state) {
        this.state = state;
        this.dispatcher = Thread.ofVirtual().name("fake-telegram-webhook").start(this::dispatch);
    }

    private void dispatch() {
        while (running) {
            try {
                if (state.webhookUrl.isEmpty()) {
                    Thread.sleep(20);
                    continue;
                }
                UpdateQueue.Pending next = state.updates.takeForWebhook(Duration.ofMillis(100));
                if (next != null) {
                    posts.execute(() -> deliver(next));
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void deliver(UpdateQueue.Pending entry) {
        if (!allowed(entry)) {
            state.updates.acknowledge(entry);
            return;
        }
        Duration pause = FIRST_RETRY;
        while (running) {
            String url = state.webhookUrl;
            if (url.isEmpty()) {
                state.updates.giveBack(entry);
                return;
            }
            long attempt = attempts.getAndIncrement();
            if (post(entry, url, attempt)) {
                int every = state.webhookDuplicateEvery;
                if (every > 0 && delivered.incrementAndGet() % every == 0) {
                    // The acknowledgement "got lost": the same update arrives again, at the next target.
                    posts.execute(() -> post(entry, url, attempts.getAndIncrement()));
                }
                state.updates.acknowledge(entry);
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
        }
    }

    private boolean post(UpdateQueue.Pending entry, String url, long attempt) {
        URI target = target(url, attempt);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(entry.update)));
        String secret = state.webhookSecret;
        if (!secret.isEmpty()) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        int status;
        @Nullable String error = null;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status / 100 != 2) {
                error = "Wrong response from the webhook: " + status;
            }
        } catch (java.io.IOException e) {
            status = 0;
            error = "Connection failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        state.webhookDeliveries.add(new WebhookDeliveryRecord(entry.id, target.toString(), status, Instant.now()));
        if (error != null) {
            state.webhookLastError = new ServerState.WebhookError(Instant.now(), error);
            return false;
        }
        return true;
    }

    /** The registered URL, or its path on the next of the test's targets (round-robin, like a load balancer). */
    private URI target(String url, long attempt) {
        List<String> targets = state.webhookTargets;
        URI registered = URI.create(url);
        if (targets.isEmpty()) {
            return registered;
        }
        String base = targets.get((int) (attempt % targets.size()));
        String path =
                registered.getRawPath() == null || registered.getRawPath().isEmpty() ? "/" : registered.getRawPath();
        return URI.create(base + path + (registered.getRawQuery() == null ? "" : "?" + registered.getRawQuery()));
    }

    private boolean allowed(UpdateQueue.Pending entry) {
        List<String> types = state.webhookAllowedUpdates;
        return types.isEmpty() || entry.update.propertyNames().stream().anyMatch(types::contains);
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        posts.shutdownNow();
        http.close();
    }
}
