package dev.chatbridge.core.upstream.openai;

import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.chat.ModelCatalog.ModelListUnavailableException;
import dev.chatbridge.core.resilience.Retries;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ModelCatalog} from the gateway's {@code GET /v1/models}, cached for a few minutes. A plain HTTP call: Spring AI
 * has no model listing, and lax gateways' model objects miss fields the OpenAI SDK requires.
 */
public final class GatewayModels implements ModelCatalog {

    private static final Duration CACHE_FOR = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI modelsUri;
    private final String apiKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicReference<Cached> cache = new AtomicReference<>();
    /** GET /v1/models is idempotent: retry a gateway that is unreachable or answers 5xx, a little. */
    private final Retry retry = Retries.exponential(
            "gateway-models",
            3,
            Duration.ofMillis(300),
            error -> error instanceof ModelListUnavailableException e && e.retryable());

    public GatewayModels(SpringAiChatUpstream.GatewaySettings gateway) {
        this.modelsUri = URI.create(GatewayUrl.withV1(gateway.baseUrl()) + "/models");
        this.apiKey = gateway.apiKeyOrPlaceholder();
    }

    @Override
    public List<String> models() {
        Cached cached = cache.get();
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return cached.models();
        }
        List<String> fresh = retry.executeSupplier(this::fetch);
        cache.set(new Cached(fresh, Instant.now().plus(CACHE_FOR)));
        return fresh;
    }

    private List<String> fetch() {
        HttpRequest request = HttpRequest.newBuilder(modelsUri)
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + apiKey)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ModelListUnavailableException("cannot reach the gateway: " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelListUnavailableException("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new ModelListUnavailableException(
                    "the gateway answered HTTP " + response.statusCode(), response.statusCode() >= 500);
        }
        JsonNode data = LaxGatewayInterceptor.parseOrNull(response.body());
        JsonNode list = data == null ? null : data.isArray() ? data : data.get("data");
        if (list == null || !list.isArray()) {
            throw new ModelListUnavailableException("the gateway's model list is not in the OpenAI format");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode model : list.values()) {
            JsonNode id = model.isString() ? model : model.get("id");
            if (id != null && !id.asString().isBlank()) {
                ids.add(id.asString());
            }
        }
        return List.copyOf(ids);
    }

    private record Cached(List<String> models, Instant until) {
        Cached {
            Objects.requireNonNull(models);
        }
    }
}
