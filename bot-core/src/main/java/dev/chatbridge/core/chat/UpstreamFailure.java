package dev.chatbridge.core.chat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Why an answer failed, in terms a user can act on. */
public record UpstreamFailure(Kind kind, String detail) {

    public enum Kind {
        AUTH,
        RATE_LIMITED,
        TIMEOUT,
        UNREACHABLE,
        STREAM_CUT,
        GATEWAY_ERROR,
        /** The circuit breaker is open: recent answers failed on the gateway's side, so none is tried now. */
        CIRCUIT_OPEN
    }

    /**
     * Reads the cause chain of whatever the upstream adapter, Reactor or the breaker threw; the
     * adapter has turned its client's own exceptions into {@link UpstreamException}s.
     */
    public static UpstreamFailure of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            UpstreamFailure failure = classify(cause);
            if (failure != null) {
                return failure;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return new UpstreamFailure(Kind.GATEWAY_ERROR, shortMessage(error));
    }

    private static @Nullable UpstreamFailure classify(Throwable cause) {
        return switch (cause) {
            case CallNotPermittedException e -> new UpstreamFailure(Kind.CIRCUIT_OPEN, "circuit breaker open");
            case UpstreamStreamException e
            when e.getMessage() != null && e.getMessage().contains("[DONE]") ->
                new UpstreamFailure(Kind.STREAM_CUT, e.getMessage());
            case UpstreamStreamException e -> new UpstreamFailure(Kind.GATEWAY_ERROR, shortMessage(e));
            case UpstreamException e -> e.failure();
            case TimeoutException e -> new UpstreamFailure(Kind.TIMEOUT, "no data within the time limit");
            case InterruptedIOException e -> new UpstreamFailure(Kind.TIMEOUT, shortMessage(e));
            case ConnectException e -> new UpstreamFailure(Kind.UNREACHABLE, shortMessage(e));
            default -> null;
        };
    }

    /** The error's message cut to 300 characters, or its class name when it has none. */
    public static String shortMessage(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
