package dev.chatbridge.core.upstream.openai;

import dev.chatbridge.core.chat.UpstreamStreamException;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes lax gateways look like OpenAI before the SDK parses them. g4f and friends leave out
 * {@code id}, {@code model}, {@code index} or {@code finish_reason} in stream chunks, which
 * Spring AI rejects; new-api sends errors as a chunk or as an HTTP 200 JSON body. This rewrites
 * the SSE stream line by line (it keeps streaming, nothing is buffered whole) and turns a
 * mid-stream error, or a stream that ends before {@code [DONE]}, into an
 * {@link UpstreamStreamException}. No library does this, hence the hand-written filter.
 *
 * <p>Most chunks already are what the SDK expects: {@link CompliantChunk} recognises them in one scan of the
 * parser's tokens (no tree, no re-serialisation) and passes their line on unchanged, so the SDK's parse is the only
 * full one. Only a lax chunk, an error chunk or one with tool calls is read into a tree and rewritten.
 */
public final class LaxGatewayInterceptor implements Interceptor {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MAX_ERROR_BODY = 1 << 20;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        MediaType type = body.contentType();
        if (!response.isSuccessful() || type == null) {
            return response;
        }
        if ("event-stream".equals(type.subtype())) {
            Source normalized = new NormalizingSseSource(body.source());
            return response.newBuilder()
                    .body(ResponseBody.create(Okio.buffer(normalized), type, -1))
                    .build();
        }
        if ("json".equals(type.subtype())) {
            return rejectErrorBodyWithStatus200(response, body, type);
        }
        return response;
    }

    private static boolean isMissing(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull();
    }

    /** new-api may answer 200 with {"error":…}; give it an error status so the SDK reports it. */
    private static Response rejectErrorBodyWithStatus200(Response response, ResponseBody body, MediaType type)
            throws IOException {
        BufferedSource source = body.source();
        source.request(MAX_ERROR_BODY);
        String peeked = source.getBuffer().clone().readUtf8();
        if (!peeked.contains("\"error\"")) {
            return response;
        }
        JsonNode node = parseOrNull(peeked);
        if (node == null || !node.has("error") || node.has("choices")) {
            return response;
        }
        return response.newBuilder()
                .code(502)
                .message("Gateway error")
                .body(ResponseBody.create(peeked, type))
                .build();
    }

    static @Nullable JsonNode parseOrNull(String text) {
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String errorMessage(JsonNode error) {
        JsonNode message = error.isObject() ? error.get("message") : error;
        return message == null || message.isNull() ? error.toString() : message.asString();
    }

    /**
     * Gives every tool call of a stream its own {@code index}. Spring AI joins fragments by index,
     * while some backends send parallel calls all with index 0 and tell them apart only by
     * {@code id}; others leave the index out. A fragment with a new id gets the next free index; a
     * fragment without an id continues the call last seen at its original index.
     */
    static final class ToolCallIndexes {
        private final java.util.Map<String, Integer> byId = new java.util.HashMap<>();
        private final java.util.Map<Integer, String> lastIdAtOriginal = new java.util.HashMap<>();
        private int next;

        void renumber(ObjectNode chunk) {
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode calls = choice.path("delta").path("tool_calls");
                int position = 0;
                for (JsonNode node : calls) {
                    if (node instanceof ObjectNode call) {
                        renumberCall(call, position);
                    }
                    position++;
                }
            }
        }

        private void renumberCall(ObjectNode call, int position) {
            int original = call.path("index").isNumber() ? call.path("index").asInt() : position;
            String id = call.path("id").isString() ? call.path("id").asString() : "";
            Integer assigned;
            if (!id.isEmpty()) {
                assigned = byId.computeIfAbsent(id, unused -> next++);
                lastIdAtOriginal.put(original, id);
                if (isMissing(call, "type")) {
                    call.put("type", "function");
                }
            } else {
                String last = lastIdAtOriginal.get(original);
                assigned = last == null ? Integer.valueOf(original) : byId.get(last);
            }
            call.put("index", assigned);
        }
    }

    /** Reads the upstream SSE line by line and emits normalized lines. */
    private static final class NormalizingSseSource implements Source {
        private final BufferedSource upstream;
        private final Buffer pending = new Buffer();
        private boolean sawDone;
        private boolean ended;
        private final ToolCallIndexes toolCallIndexes = new ToolCallIndexes();

        NormalizingSseSource(BufferedSource upstream) {
            this.upstream = upstream;
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            while (pending.size() == 0) {
                if (ended) {
                    return -1;
                }
                String line;
                try {
                    line = upstream.readUtf8Line();
                } catch (IOException e) {
                    // A connection dropped mid-stream ("unexpected end of stream") is a cut stream too.
                    ended = true;
                    if (sawDone) {
                        return -1;
                    }
                    throw new UpstreamStreamException("the answer stream ended before [DONE]: " + e.getMessage());
                }
                if (line == null) {
                    ended = true;
                    if (!sawDone) {
                        throw new UpstreamStreamException("the answer stream ended before [DONE]");
                    }
                    return -1;
                }
                pending.writeUtf8(normalizeLine(line)).writeUtf8("\n");
            }
            return pending.read(sink, Math.min(byteCount, pending.size()));
        }

        private String normalizeLine(String line) throws UpstreamStreamException {
            if (!line.startsWith("data:")) {
                return line;
            }
            String payload = line.substring(5).strip();
            if (payload.equals("[DONE]")) {
                sawDone = true;
                return line;
            }
            if (CompliantChunk.passesUntouched(payload)) {
                return line;
            }
            JsonNode node = parseOrNull(payload);
            if (!(node instanceof ObjectNode chunk)) {
                return line;
            }
            if (chunk.has("error") && !chunk.get("error").isNull()) {
                throw new UpstreamStreamException(errorMessage(chunk.get("error")));
            }
            fillMissing(chunk);
            toolCallIndexes.renumber(chunk);
            return "data: " + JSON.writeValueAsString(chunk);
        }

        private static void fillMissing(ObjectNode chunk) {
            if (isMissing(chunk, "id")) {
                chunk.put("id", "chatcmpl-chatbridge");
            }
            if (isMissing(chunk, "object")) {
                chunk.put("object", "chat.completion.chunk");
            }
            if (isMissing(chunk, "created")) {
                chunk.put("created", Instant.now().getEpochSecond());
            }
            if (isMissing(chunk, "model")) {
                chunk.put("model", "unknown");
            }
            JsonNode choices = chunk.get("choices");
            if (choices == null || !choices.isArray()) {
                chunk.putArray("choices");
                return;
            }
            int index = 0;
            for (Iterator<JsonNode> it = choices.values().iterator(); it.hasNext(); index++) {
                if (it.next() instanceof ObjectNode choice) {
                    if (isMissing(choice, "index")) {
                        choice.put("index", index);
                    }
                    if (!choice.has("finish_reason")) {
                        choice.putNull("finish_reason");
                    }
                    if (isMissing(choice, "delta")) {
                        choice.putObject("delta");
                    }
                }
            }
        }

        @Override
        public Timeout timeout() {
            return upstream.timeout();
        }

        @Override
        public void close() throws IOException {
            upstream.close();
        }
    }
}
