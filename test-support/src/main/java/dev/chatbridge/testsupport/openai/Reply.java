package dev.chatbridge.testsupport.openai;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One scripted answer of {@link FakeOpenAiServer}. Start with {@link #of}, {@link #echo}, {@link #httpError} or
 * {@link #rawEvents}, then adjust with the withers:
 *
 * <pre>{@code
 * server.enqueue(Reply.of("Hello there").withChunkSize(2).lax().cutAfterChunks(3));
 * }</pre>
 *
 * @param text the answer; null echoes the last user message as {@code echo: <text>}
 * @param chunkSize characters per content chunk
 * @param chunkDelay pause between chunks
 * @param timeToFirstToken pause after the headers, before the first chunk
 * @param laxChunks leave {@code id}, {@code model}, {@code index} and {@code finish_reason} out, like g4f
 */
public record Reply(
        @Nullable String text,
        int chunkSize,
        Duration chunkDelay,
        Duration timeToFirstToken,
        boolean laxChunks,
        Behavior behavior) {

    /** How the stream goes; {@link Complete} is the normal case. */
    public sealed interface Behavior {}

    /** All chunks, the stop chunk, usage when asked for, then {@code data: [DONE]}. */
    public record Complete() implements Behavior {}

    /** The connection is dropped after n content chunks: no [DONE], not even the end of the chunked body. */
    public record CutAfter(int chunks) implements Behavior {}

    /** The body ends cleanly after n content chunks, but without [DONE]. */
    public record TruncateAfter(int chunks) implements Behavior {}

    /** Nothing more is sent after n content chunks, and the connection stays open (up to 60 s or close). */
    public record HangAfter(int chunks) implements Behavior {}

    /** After n content chunks, a new-api style {@code {"error":{...}}} event, then the body ends. */
    public record ErrorAfter(int chunks, String message) implements Behavior {}

    /** No stream: this status and JSON body (status 200 with an error body is what some gateways do). */
    public record HttpError(int status, String body) implements Behavior {}

    /**
     * The answer text (if any) streams first, then tool calls as real gateways send them: for each call a first
     * fragment with {@code index}, {@code id}, {@code type} and the name, then the {@code arguments} in pieces of
     * {@code chunkSize}, then a chunk with {@code finish_reason: "tool_calls"}. With {@code sameIndex}, every call uses
     * index 0 and only the id tells them apart, as some backends do.
     */
    public record ToolCalls(List<ScriptedToolCall> calls, boolean sameIndex) implements Behavior {
        public ToolCalls {
            calls = List.copyOf(calls);
        }
    }

    /** One tool call the fake model asks for; {@code arguments} is sent verbatim (it may be broken JSON). */
    public record ScriptedToolCall(String id, String name, String arguments) {}

    /** These SSE events verbatim, each followed by a blank line, e.g. {@code "data: {...}"} or {@code ": ping"}. */
    public record RawEvents(List<String> events) implements Behavior {}

    /**
     * All chunks, then a chunk with {@code finish_reason: "length"} (the answer hit {@code max_tokens}), usage when
     * asked for, then {@code data: [DONE]}. The fake also answers so by itself when the text is longer than the
     * request's {@code max_tokens} (at its rate of 4 characters a token).
     */
    public record StoppedByLength() implements Behavior {}

    /**
     * A stream with no answer text and no tool calls, as content filters and reasoning-only output produce: a role
     * chunk with empty content, the {@code reasoning} (if any) as {@code delta.reasoning_content} chunks, then
     * {@code delta: {}} with this {@code finish_reason}, usage when asked for, and {@code data: [DONE]}.
     */
    public record NoContent(List<String> reasoning, String finishReason) implements Behavior {
        public NoContent {
            reasoning = List.copyOf(reasoning);
            Objects.requireNonNull(finishReason, "finishReason");
        }
    }

    public Reply {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        Objects.requireNonNull(chunkDelay, "chunkDelay");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(behavior, "behavior");
    }

    public static Reply of(String text) {
        return new Reply(
                Objects.requireNonNull(text, "text"), 4, Duration.ofMillis(20), Duration.ZERO, false, new Complete());
    }

    /** The default when the queue is empty: {@code echo: <last user message>}. */
    public static Reply echo() {
        return new Reply(null, 4, Duration.ofMillis(20), Duration.ZERO, false, new Complete());
    }

    /** An empty completion: a role chunk, then {@code delta: {}} with {@code finish_reason: "stop"}. */
    public static Reply empty() {
        return of("").with(new NoContent(List.of(), "stop"));
    }

    /** A reasoning model that only thought: {@code reasoning_content} deltas, no content, {@code finish_reason: "stop"}. */
    public static Reply reasoningOnly(String... thoughts) {
        return of("").with(new NoContent(List.of(thoughts), "stop"));
    }

    /** A content filter withheld the whole answer: no content, {@code finish_reason: "content_filter"}. */
    public static Reply contentFiltered() {
        return of("").with(new NoContent(List.of(), "content_filter"));
    }

    public static Reply httpError(int status, String jsonBody) {
        return echo().with(new HttpError(status, jsonBody));
    }

    /** The model calls these tools (after streaming {@code text}, which may be empty). */
    public static Reply toolCalls(String text, ScriptedToolCall... calls) {
        return of(text).with(new ToolCalls(List.of(calls), false));
    }

    public static ScriptedToolCall call(String id, String name, String arguments) {
        return new ScriptedToolCall(id, name, arguments);
    }

    /** Parallel tool calls that all carry index 0. */
    public Reply withSameIndexForAllCalls() {
        if (!(behavior instanceof ToolCalls calls)) {
            throw new IllegalStateException("not a tool-call reply");
        }
        return with(new ToolCalls(calls.calls(), true));
    }

    public static Reply rawEvents(String... events) {
        return echo().with(new RawEvents(List.of(events)));
    }

    public Reply withChunkSize(int size) {
        return new Reply(text, size, chunkDelay, timeToFirstToken, laxChunks, behavior);
    }

    public Reply withChunkDelay(Duration delay) {
        return new Reply(text, chunkSize, delay, timeToFirstToken, laxChunks, behavior);
    }

    public Reply withTimeToFirstToken(Duration delay) {
        return new Reply(text, chunkSize, chunkDelay, delay, laxChunks, behavior);
    }

    public Reply lax() {
        return new Reply(text, chunkSize, chunkDelay, timeToFirstToken, true, behavior);
    }

    public Reply cutAfterChunks(int chunks) {
        return with(new CutAfter(chunks));
    }

    public Reply truncateAfterChunks(int chunks) {
        return with(new TruncateAfter(chunks));
    }

    public Reply hangAfterChunks(int chunks) {
        return with(new HangAfter(chunks));
    }

    public Reply errorMidStream(int afterChunks, String message) {
        return with(new ErrorAfter(afterChunks, message));
    }

    /** This text, then {@code finish_reason: "length"}, as if it had hit {@code max_tokens}. */
    public Reply stoppedByLength() {
        return with(new StoppedByLength());
    }

    /**
     * What a gateway makes of this reply under {@code max_tokens}: a complete answer longer than {@code maxTokens}
     * tokens (4 characters each, as the fake counts usage) is cut there and stops with {@code finish_reason:
     * "length"}. Other replies are unchanged.
     */
    Reply limitedTo(String answer, int maxTokens) {
        int maxChars = maxTokens * 4;
        if (!(behavior instanceof Complete) || answer.codePointCount(0, answer.length()) <= maxChars) {
            return new Reply(answer, chunkSize, chunkDelay, timeToFirstToken, laxChunks, behavior);
        }
        String cut = answer.substring(0, answer.offsetByCodePoints(0, maxChars));
        return new Reply(cut, chunkSize, chunkDelay, timeToFirstToken, laxChunks, new StoppedByLength());
    }

    private Reply with(Behavior newBehavior) {
        return new Reply(text, chunkSize, chunkDelay, timeToFirstToken, laxChunks, newBehavior);
    }
}
