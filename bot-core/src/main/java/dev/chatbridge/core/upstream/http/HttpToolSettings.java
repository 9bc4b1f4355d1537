package dev.chatbridge.core.upstream.http;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP tool the operator configures. The URL is fixed here: the model only supplies arguments,
 * which become the JSON body (POST, PUT, PATCH) or the query string (GET, DELETE), never a host or a
 * path. Header values (often API keys) are never printed.
 */
public record HttpToolSettings(
        String name,
        String description,
        String parametersSchema,
        URI url,
        String method,
        Map<String, String> headers,
        Duration timeout) {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    public HttpToolSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        parametersSchema = parametersSchema == null || parametersSchema.isBlank()
                ? "{\"type\":\"object\",\"properties\":{}}"
                : parametersSchema;
        method = method == null || method.isBlank() ? "POST" : method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("tool " + name + ": method must be one of " + METHODS);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("tool " + name + ": url must be an http(s) URL");
        }
        headers = Map.copyOf(headers);
    }

    boolean sendsBody() {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    @Override
    public String toString() {
        return "HttpToolSettings[name=" + name + ", url=" + url + ", method=" + method + ", headers=" + headers.keySet()
                + " (values redacted), timeout=" + timeout + "]";
    }
}
