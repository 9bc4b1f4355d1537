package dev.chatbridge.testsupport.openai;

import com.sun.net.httpserver.HttpExchange;
import dev.chatbridge.testsupport.common.Json;
import dev.chatbridge.testsupport.common.LocalHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/** Writes one scripted {@link Reply} as an OpenAI chat completion: an SSE stream or a single JSON object. */
final class CompletionWriter {
    private static final Duration MAX_HANG = Duration.ofSeconds(60);

    private final HttpExchange exchange;
    private final Reply reply;
    private final String model;
    private final String text;
    private final int promptTokens;
    private final Runnable onFirstChunk;
    private final CountDownLatch closed;
    private final String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    private final long created = Instant.now().getEpochSecond();

    /** Thrown to make the JDK server drop the connection without ending the chunked body. */
    static final class ConnectionCut extends RuntimeException {
        ConnectionCut() {
            super("scripted connection cut", null, false, false);
        }
    }

    CompletionWriter(
            HttpExchange exchange,
            Reply reply,
            String model,
            String text,
            int promptTokens,
            Runnable onFirstChunk,
            CountDownLatch closed) {
        this.exchange = exchange;
        this.reply = reply;
        this.model = model;
        this.text = text;
        this.promptTokens = promptTokens;
        this.onFirstChunk = onFirstChunk;
        this.closed = closed;
    }

    void stream(boolean includeUsage) throws IOException, InterruptedException {
        if (reply.behavior() instanceof Reply.HttpError error) {
            sendError(error);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (pause(reply.timeToFirstToken())) {
            return;
        }
        if (reply.behavior() instanceof Reply.RawEvents raw) {
            for (String event : raw.events()) {
                write(out, event);
                onFirstChunk.run();
            }
            return;
        }
        if (reply.behavior() instanceof Reply.NoContent none) {
            streamNoContent(out, none, includeUsage);
            return;
        }
        List<String> pieces = reply.behavior() instanceof Reply.ToolCalls && text.isEmpty() ? List.of() : pieces();
        int sent = 0;
        for (String piece : pieces.subList(0, Math.min(pieces.size(), limit(pieces.size())))) {
            if (sent > 0 && pause(reply.chunkDelay())) {
                return;
            }
            write(out, "data: " + Json.text(contentChunk(piece, sent == 0)));
            if (sent++ == 0) {
                onFirstChunk.run();
            }
        }
        switch (reply.behavior()) {
            case Reply.ToolCalls tools -> {
                streamToolCalls(out, tools, sent == 0 || text.isEmpty());
                if (includeUsage) {
                    write(out, "data: " + Json.text(usageChunk()));
                }
                write(out, "data: [DONE]");
            }
            case Reply.Complete complete -> {
                if (!reply.laxChunks()) {
                    write(out, "data: " + Json.text(finishChunk("stop")));
                }
                if (includeUsage) {
                    write(out, "data: " + Json.text(usageChunk()));
                }
                write(out, "data: [DONE]");
            }
            case Reply.StoppedByLength length -> {
                write(out, "data: " + Json.text(finishChunk("length")));
                if (includeUsage) {
                    write(out, "data: " + Json.text(usageChunk()));
                }
                write(out, "data: [DONE]");
            }
            case Reply.CutAfter cut -> throw new ConnectionCut();
            case Reply.TruncateAfter truncate -> {}
            case Reply.HangAfter hang -> closed.await(MAX_HANG.toMillis(), TimeUnit.MILLISECONDS);
            case Reply.ErrorAfter error -> write(out, "data: " + Json.text(errorBody(error.message())));
            case Reply.HttpError error -> throw new IllegalStateException("answered before streaming");
            case Reply.RawEvents raw -> throw new IllegalStateException("answered before chunking");
            case Reply.NoContent none -> throw new IllegalStateException("answered before chunking");
        }
    }

    /** A role chunk with empty content, the reasoning deltas, then {@code delta: {}} with the finish reason. */
    private void streamNoContent(OutputStream out, Reply.NoContent none, boolean includeUsage)
            throws IOException, InterruptedException {
        write(out, "data: " + Json.text(contentChunk("", true)));
        onFirstChunk.run();
        for (String thought : none.reasoning()) {
            if (pause(reply.chunkDelay())) {
                return;
            }
            ObjectNode chunk = chunkEnvelope();
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta").put("reasoning_content", thought);
            choice.putNull("finish_reason");
            write(out, "data: " + Json.text(chunk));
        }
        write(out, "data: " + Json.text(finishChunk(none.finishReason())));
        if (includeUsage) {
            write(out, "data: " + Json.text(usageChunk()));
        }
        write(out, "data: [DONE]");
    }

    /** {@code stream: false}: one {@code chat.completion} object, shaped by the same behaviours. */
    void complete() throws IOException, InterruptedException {
        if (pause(reply.timeToFirstToken())) {
            return;
        }
        byte[] completion = Json.bytes(completion("stop"));
        switch (reply.behavior()) {
            case Reply.Complete complete -> sendOnce(200, completion);
            case Reply.StoppedByLength length -> sendOnce(200, Json.bytes(completion("length")));
            case Reply.NoContent none -> sendOnce(200, Json.bytes(completion(none.finishReason())));
            case Reply.ToolCalls tools -> throw new IllegalStateException("tool calls are scripted for streams only");
            case Reply.CutAfter cut -> {
                sendHalf(completion);
                throw new ConnectionCut();
            }
            case Reply.TruncateAfter truncate -> sendHalf(completion);
            case Reply.HangAfter hang -> {
                exchange.sendResponseHeaders(200, 0);
                closed.await(MAX_HANG.toMillis(), TimeUnit.MILLISECONDS);
            }
            case Reply.ErrorAfter error -> sendOnce(200, Json.bytes(errorBody(error.message())));
            case Reply.HttpError error -> sendError(error);
            case Reply.RawEvents raw -> stream(false);
        }
    }

    private int limit(int available) {
        return switch (reply.behavior()) {
            case Reply.CutAfter cut -> cut.chunks();
            case Reply.TruncateAfter truncate -> truncate.chunks();
            case Reply.HangAfter hang -> hang.chunks();
            case Reply.ErrorAfter error -> error.chunks();
            case Reply.Complete complete -> available;
            case Reply.StoppedByLength length -> available;
            case Reply.NoContent none -> 0;
            case Reply.ToolCalls tools -> available;
            case Reply.HttpError error -> 0;
            case Reply.RawEvents raw -> 0;
        };
    }

    /** Splits by code points, so a chunk never ends inside a surrogate pair. */
    private List<String> pieces() {
        List<String> pieces = new ArrayList<>();
        int[] codePoints = text.codePoints().toArray();
        for (int start = 0; start < codePoints.length; start += reply.chunkSize()) {
            int end = Math.min(codePoints.length, start + reply.chunkSize());
            pieces.add(new String(codePoints, start, end - start));
        }
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        return pieces;
    }

    private ObjectNode contentChunk(String content, boolean first) {
        ObjectNode chunk = chunkEnvelope();
        ObjectNode choice = chunk.putArray("choices").addObject();
        if (!reply.laxChunks()) {
            choice.put("index", 0);
        }
        ObjectNode delta = choice.putObject("delta");
        if (first) {
            delta.put("role", "assistant");
        }
        delta.put("content", content);
        if (!reply.laxChunks()) {
            choice.putNull("finish_reason");
        }
        return chunk;
    }

    /** Tool-call fragments: name first, then the arguments in pieces, then finish_reason tool_calls. */
    private void streamToolCalls(OutputStream out, Reply.ToolCalls tools, boolean firstChunk)
            throws IOException, InterruptedException {
        boolean roleSent = !firstChunk;
        for (int i = 0; i < tools.calls().size(); i++) {
            Reply.ScriptedToolCall call = tools.calls().get(i);
            int index = tools.sameIndex() ? 0 : i;
            ObjectNode head = toolCallFragment(index, roleSent);
            roleSent = true;
            ObjectNode fragment = (ObjectNode)
                    head.path("choices").get(0).path("delta").path("tool_calls").get(0);
            fragment.put("id", call.id());
            fragment.put("type", "function");
            fragment.putObject("function").put("name", call.name()).put("arguments", "");
            write(out, "data: " + Json.text(head));
            onFirstChunk.run();
            String arguments = call.arguments();
            for (int start = 0; start < arguments.length(); start += reply.chunkSize()) {
                if (pause(reply.chunkDelay())) {
                    return;
                }
                ObjectNode piece = toolCallFragment(index, true);
                ((ObjectNode) piece.path("choices")
                                .get(0)
                                .path("delta")
                                .path("tool_calls")
                                .get(0))
                        .putObject("function")
                        .put(
                                "arguments",
                                arguments.substring(start, Math.min(arguments.length(), start + reply.chunkSize())));
                write(out, "data: " + Json.text(piece));
            }
        }
        ObjectNode done = chunkEnvelope();
        ObjectNode choice = done.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", "tool_calls");
        write(out, "data: " + Json.text(done));
    }

    private ObjectNode toolCallFragment(int index, boolean roleSent) {
        ObjectNode chunk = chunkEnvelope();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (!roleSent) {
            delta.put("role", "assistant");
            delta.putNull("content");
        }
        delta.putArray("tool_calls").addObject().put("index", index);
        choice.putNull("finish_reason");
        return chunk;
    }

    private ObjectNode finishChunk(String finishReason) {
        ObjectNode chunk = chunkEnvelope();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    private ObjectNode usageChunk() {
        ObjectNode chunk = chunkEnvelope();
        chunk.putArray("choices");
        chunk.set("usage", usage());
        return chunk;
    }

    private ObjectNode chunkEnvelope() {
        ObjectNode chunk = Json.object();
        if (!reply.laxChunks()) {
            chunk.put("id", id);
        }
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        if (!reply.laxChunks()) {
            chunk.put("model", model);
        }
        return chunk;
    }

    private ObjectNode completion(String finishReason) {
        ObjectNode completion = Json.object();
        completion.put("id", id);
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        choice.put("finish_reason", finishReason);
        completion.set("usage", usage());
        return completion;
    }

    private ObjectNode usage() {
        int completionTokens = Math.max(1, text.length() / 4);
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return usage;
    }

    static ObjectNode errorBody(String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", "new_api_error");
        error.put("code", "upstream_error");
        return body;
    }

    private void sendError(Reply.HttpError error) throws IOException {
        LocalHttpServer.sendBytes(
                exchange, error.status(), "application/json", error.body().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private void sendOnce(int status, byte[] body) throws IOException {
        LocalHttpServer.sendBytes(exchange, status, "application/json", body, Map.of());
        onFirstChunk.run();
    }

    private void sendHalf(byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        onFirstChunk.run();
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write((event + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sleeps, but wakes when the server closes; returns true if it closed. */
    private boolean pause(Duration delay) throws InterruptedException {
        return !delay.isZero() && closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
