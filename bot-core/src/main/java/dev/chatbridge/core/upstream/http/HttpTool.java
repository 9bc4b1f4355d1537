package dev.chatbridge.core.upstream.http;

import dev.chatbridge.core.tools.Tool;
import dev.chatbridge.core.tools.ToolCaller;
import dev.chatbridge.core.tools.ToolFailure;
import dev.chatbridge.core.tools.ToolOutput;
import dev.chatbridge.core.tools.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls an operator-configured HTTP endpoint with the model's arguments. Only the configured URL is
 * ever requested: arguments are sent as a body or a query string, and redirects are not followed
 * (a redirect could lead anywhere). The answer's body, cut to 16 KB, goes back to the model.
 */
public final class HttpTool implements Tool {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final HttpToolSettings settings;
    private final ToolSpec spec;
    private final HttpClient http;

    public HttpTool(HttpToolSettings settings) {
        this.settings = settings;
        this.spec = new ToolSpec(settings.name(), settings.description(), settings.parametersSchema());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
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
        HttpRequest.Builder request = HttpRequest.newBuilder(target(arguments))
                .timeout(settings.timeout())
                .header("Accept", "application/json, text/plain;q=0.9, */*;q=0.5");
        settings.headers().forEach(request::header);
        if (settings.sendsBody()) {
            request.header("Content-Type", "application/json")
                    .method(
                            settings.method(),
                            HttpRequest.BodyPublishers.ofString(
                                    JSON.writeValueAsString(arguments), StandardCharsets.UTF_8));
        } else {
            request.method(settings.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
                body = new String(bytes, 0, Math.min(bytes.length, MAX_BODY_BYTES), StandardCharsets.UTF_8)
                        + (bytes.length > MAX_BODY_BYTES ? "…(cut)" : "");
            }
            if (response.statusCode() / 100 != 2) {
                throw new ToolFailure("HTTP " + response.statusCode()
                        + (body.isBlank() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body)));
            }
            return ToolOutput.text(body.isBlank() ? "{\"status\":" + response.statusCode() + "}" : body);
        } catch (HttpTimeoutException e) {
            throw ToolFailure.timedOut();
        } catch (IOException e) {
            throw new ToolFailure(
                    "cannot reach the tool's server (" + e.getClass().getSimpleName() + ")");
        }
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
