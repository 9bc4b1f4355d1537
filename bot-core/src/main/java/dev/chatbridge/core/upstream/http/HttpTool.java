package dev.chatbridge.core.upstream.http;

import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.tools.Tool;
import dev.chatbridge.core.tools.ToolCaller;
import dev.chatbridge.core.tools.ToolFailure;
import dev.chatbridge.core.tools.ToolOutput;
import dev.chatbridge.core.tools.ToolSpec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls an operator-configured HTTP endpoint with the model's arguments. Only the configured URL is
 * ever requested: arguments are sent as a body or a query string, and redirects are not followed
 * (a redirect could lead anywhere). The answer's body, cut to 16 KB, goes back to the model.
 * Through the general outbound proxies, on OkHttp: the JDK's client would ignore a SOCKS proxy and
 * could not send an HTTP proxy's credentials through a tunnel.
 */
public final class HttpTool implements Tool {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final HttpToolSettings settings;
    private final ToolSpec spec;
    private final OkHttpClient http;

    public HttpTool(HttpToolSettings settings, OutboundProxies proxies) {
        this.settings = settings;
        this.spec = new ToolSpec(settings.name(), settings.description(), settings.parametersSchema());
        this.http = proxies.configure(new OkHttpClient.Builder(), OutboundProxies.Target.GENERAL)
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .callTimeout(settings.timeout())
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public Duration timeout() {
        return settings.timeout();
    }

    @Override
    public ToolOutput call(JsonNode arguments, ToolCaller caller) throws ToolFailure, InterruptedException {
        Request.Builder request = new Request.Builder()
                .url(target(arguments).toString())
                .header("Accept", "application/json, text/plain;q=0.9, */*;q=0.5");
        settings.headers().forEach(request::header);
        if (settings.sendsBody()) {
            request.method(settings.method(), RequestBody.create(JSON.writeValueAsString(arguments), JSON_TYPE));
        } else {
            request.method(settings.method(), null);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            byte[] bytes = readAtMost(response.body().source(), MAX_BODY_BYTES + 1);
            String body = new String(bytes, 0, Math.min(bytes.length, MAX_BODY_BYTES), StandardCharsets.UTF_8)
                    + (bytes.length > MAX_BODY_BYTES ? "…(cut)" : "");
            if (!response.isSuccessful()) {
                throw new ToolFailure("HTTP " + response.code()
                        + (body.isBlank() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body)));
            }
            return ToolOutput.text(body.isBlank() ? "{\"status\":" + response.code() + "}" : body);
        } catch (InterruptedIOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("the tool call was cancelled");
            }
            throw ToolFailure.timedOut();
        } catch (IOException e) {
            throw new ToolFailure(
                    "cannot reach the tool's server (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] readAtMost(BufferedSource source, long max) throws IOException {
        Buffer collected = new Buffer();
        while (collected.size() < max) {
            if (source.read(collected, max - collected.size()) == -1) {
                break;
            }
        }
        return collected.readByteArray();
    }

    /** The configured URL, plus the top-level arguments as query parameters for GET and DELETE. */
    private URI target(JsonNode arguments) {
        if (settings.sendsBody() || arguments.isEmpty()) {
            return settings.url();
        }
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, JsonNode> field : arguments.properties()) {
            JsonNode value = field.getValue();
            String text = value.isValueNode() ? value.asString() : JSON.writeValueAsString(value);
            query.add(encode(field.getKey()) + "=" + encode(text));
        }
        String base = settings.url().toString();
        return URI.create(base + (settings.url().getRawQuery() == null ? "?" : "&") + query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
