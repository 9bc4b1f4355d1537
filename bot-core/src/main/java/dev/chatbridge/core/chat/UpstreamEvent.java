package dev.chatbridge.core.chat;

import dev.chatbridge.core.tools.ToolCall;
import java.util.List;
import java.util.Objects;

/** What the gateway's stream carries, in the order it arrives. */
public sealed interface UpstreamEvent {

    /** More answer text. */
    record TextDelta(String text) implements UpstreamEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The model asks for tools; the argument fragments are already joined. */
    record ToolCalls(List<ToolCall> calls) implements UpstreamEvent {
        public ToolCalls {
            calls = List.copyOf(calls);
        }
    }

    /**
     * The model stopped for a reason the answer must show: it hit the length cap ({@code
     * finish_reason: "length"}), or a content filter stopped it. A normal end, or one to call tools,
     * sends no event.
     */
    record Finished(Reason reason) implements UpstreamEvent {
        public Finished {
            Objects.requireNonNull(reason, "reason");
        }

        public enum Reason {
            LENGTH,
            CONTENT_FILTER
        }
    }

    /** Token counts for the request, sent at the end when the gateway reports them. */
    record Usage(TokenUsage usage) implements UpstreamEvent {
        public Usage {
            Objects.requireNonNull(usage, "usage");
        }
    }
}
