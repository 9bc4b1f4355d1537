package dev.chatbridge.core.upstream.openai;

import dev.chatbridge.core.chat.ModelCatalog;
import dev.chatbridge.core.chat.ModelCatalog.ModelListUnavailableException;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.resilience.Retries;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ModelCatalog} from the gateway's {@code GET /v1/models}, cached for a few minutes. A plain HTTP call: Spring AI
 * has no model listing, and lax gateways' model objects miss fields the OpenAI SDK requires. On OkHttp, through
 * {@code OPENAI_PROXY} or the general proxies: the JDK's client would ignore a SOCKS proxy and could not send an HTTP
 * proxy's credentials through a tunnel.
 */
public final class GatewayModels implements ModelCatalog {

    private static final Duration CACHE_FOR = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String modelsUrl;
    private final String apiKey;
    private final OkHttpClient http;
    private final AtomicReference<Cached> cache = new AtomicReference<>();
    /** GET /v1/models is idempotent: retry a gateway that is unreachable or answers 5xx, a little. */
    private final Retry retry = Retries.exponential(
            "gateway-models",
            3,
            Duration.ofMillis(300),
            error -> error instanceof ModelListUnavailableException e && e.retryable());

    public GatewayModels(SpringAiChatUpstream.GatewaySettings gateway) {
        this(gateway, OutboundProxies.direct());
    }

    public GatewayModels(SpringAiChatUpstream.GatewaySettings gateway, OutboundProxies proxies) {
        this.modelsUrl = GatewayUrl.withV1(gateway.baseUrl()) + "/models";
        this.apiKey = gateway.apiKeyOrPlaceholder();
        this.http = proxies.configure(new OkHttpClient.Builder(), OutboundProxies.Target.OPENAI)
                .connectTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(15))
                .build();
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
        Request request = new Request.Builder()
                .url(modelsUrl)
                .header("Authorization", "Bearer " + apiKey)
                .get()
                .build();
        int status;
        String body;
        try (Response response = http.newCall(request).execute()) {
            status = response.code();
            body = response.body().string();
        } catch (InterruptedIOException e) {
            throw new ModelListUnavailableException("the gateway did not answer within 15 s", true);
        } catch (IOException e) {
            throw new ModelListUnavailableException("cannot reach the gateway: " + e.getMessage(), true);
        }
        if (status != 200) {
            throw new ModelListUnavailableException("the gateway answered HTTP " + status, status >= 500);
        }
        JsonNode data = LaxGatewayInterceptor.parseOrNull(body);
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
