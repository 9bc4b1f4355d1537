package dev.chatbridge.core.chat;

import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
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

    /** Reads the cause chain of whatever the SDK, Reactor or our interceptor threw. */
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
            case UnauthorizedException e -> new UpstreamFailure(Kind.AUTH, "HTTP 401");
            case PermissionDeniedException e -> new UpstreamFailure(Kind.AUTH, "HTTP 403");
            case RateLimitException e -> new UpstreamFailure(Kind.RATE_LIMITED, "HTTP 429");
            case OpenAIServiceException e ->
                new UpstreamFailure(Kind.GATEWAY_ERROR, "HTTP " + e.statusCode() + ": " + shortMessage(e));
            case TimeoutException e -> new UpstreamFailure(Kind.TIMEOUT, "no data within the time limit");
            case InterruptedIOException e -> new UpstreamFailure(Kind.TIMEOUT, shortMessage(e));
            case ConnectException e -> new UpstreamFailure(Kind.UNREACHABLE, shortMessage(e));
            case OpenAIIoException e
            when e.getCause() == null -> new UpstreamFailure(Kind.UNREACHABLE, shortMessage(e));
            default -> null;
        };
    }

    private static String shortMessage(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
