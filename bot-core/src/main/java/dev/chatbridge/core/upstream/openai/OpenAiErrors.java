package dev.chatbridge.core.upstream.openai;

import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import dev.chatbridge.core.chat.UpstreamException;
import dev.chatbridge.core.chat.UpstreamFailure;
import dev.chatbridge.core.chat.UpstreamFailure.Kind;
import dev.chatbridge.core.chat.UpstreamStreamException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Turns the OpenAI SDK's exceptions into {@link UpstreamException}s the core can read. */
final class OpenAiErrors {

    private OpenAiErrors() {}

    /**
     * Walks the cause chain as {@link UpstreamFailure#of} does: the first cause the core knows
     * itself (timeouts, refused connections, cut streams) leaves the error as it is; the first SDK
     * exception is classified here.
     */
    static Throwable translate(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UpstreamStreamException
                    || cause instanceof TimeoutException
                    || cause instanceof InterruptedIOException
                    || cause instanceof ConnectException) {
                return error;
            }
            UpstreamFailure failure = classify(cause);
            if (failure != null) {
                return new UpstreamException(failure, error);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return error;
    }

    private static @Nullable UpstreamFailure classify(Throwable cause) {
        return switch (cause) {
            case UnauthorizedException e -> new UpstreamFailure(Kind.AUTH, "HTTP 401");
            case PermissionDeniedException e -> new UpstreamFailure(Kind.AUTH, "HTTP 403");
            case RateLimitException e -> new UpstreamFailure(Kind.RATE_LIMITED, "HTTP 429");
            case OpenAIServiceException e ->
                new UpstreamFailure(
                        Kind.GATEWAY_ERROR, "HTTP " + e.statusCode() + ": " + UpstreamFailure.shortMessage(e));
            case OpenAIIoException e
            when e.getCause() == null -> new UpstreamFailure(Kind.UNREACHABLE, UpstreamFailure.shortMessage(e));
            default -> null;
        };
    }
}
