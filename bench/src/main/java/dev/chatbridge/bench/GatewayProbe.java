package dev.chatbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Reads one answer straight from the fake gateway, beside the bridge's streams, and measures how far apart its
 * chunks really arrive. The fake sleeps {@link Answer#CHUNK_DELAY} between chunks, so on a busy machine its chunks
 * run late; the freshness figures place chunk k at {@code firstChunkSentAt + k × measured interval}.
 */
final class GatewayProbe {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayProbe() {}

    /** Starts reading in the background; completes with the mean interval between chunks in ms, or NaN. */
    static CompletableFuture<Double> start(String gatewayBaseUrl, String apiKey) {
        return CompletableFuture.supplyAsync(
                () -> measure(gatewayBaseUrl, apiKey),
                command -> Thread.ofVirtual().name("gateway-probe").start(command));
    }

    private static double measure(String gatewayBaseUrl, String apiKey) {
        String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"probe\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayBaseUrl + "/v1/chat/completions"))
                .timeout(Duration.ofMinutes(3))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        List<Long> arrivals = new ArrayList<>();
        try {
            HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                lines.filter(line -> line.startsWith("data: {") && line.contains("\"content\""))
                        .forEach(line -> arrivals.add(System.nanoTime()));
            }
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
        if (arrivals.size() < 2) {
            return Double.NaN;
        }
        return (arrivals.getLast() - arrivals.getFirst()) / 1e6 / (arrivals.size() - 1);
    }
}
