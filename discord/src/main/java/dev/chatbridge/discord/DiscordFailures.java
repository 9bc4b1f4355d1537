package dev.chatbridge.discord;

import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.observe.PlatformStartException;
import java.io.IOException;
import java.time.Duration;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.exceptions.RateLimitedException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one blocking JDA call and reads its failures into the core's delivery outcomes. */
final class DiscordFailures {

    private static final Logger log = LoggerFactory.getLogger(DiscordFailures.class);

    private DiscordFailures() {}

    /**
     * Sorts a failure to log in: 401 means Discord does not know the token; a network failure (refused, DNS, timeout,
     * a proxy that failed: JDA reports those as an error response with the IOException inside), 429 or 5xx means it
     * could not be reached; anything else is null (a failure that stops the start as it is).
     */
    static @Nullable PlatformStartException startFailure(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidTokenException) {
                return tokenRejected(failure);
            }
            if (cause instanceof ErrorResponseException error) {
                Response response = error.getResponse();
                if (response.code == 401) {
                    return tokenRejected(failure);
                }
                if (response.getException() instanceof IOException io) {
                    return unreachable(io, failure);
                }
                if (response.code == 429 || response.code >= 500) {
                    return new PlatformStartException.Unreachable(
                            "Discord's REST API answered " + response.code, failure);
                }
            }
            if (cause instanceof IOException io) {
                return unreachable(io, failure);
            }
        }
        return null;
    }

    private static PlatformStartException tokenRejected(RuntimeException failure) {
        return new PlatformStartException.TokenRejected(
                "Discord rejected the bot token (401 Unauthorized): check DISCORD_BOT_TOKEN", failure);
    }

    private static PlatformStartException unreachable(IOException io, RuntimeException failure) {
        return new PlatformStartException.Unreachable(
                "cannot reach Discord's REST API (" + io.getClass().getSimpleName()
                        + (io.getMessage() == null ? "" : ": " + io.getMessage()) + ")",
                failure);
    }

    @FunctionalInterface
    interface Call<T> {
        T run() throws RateLimitedException;
    }

    static <T> T call(String where, Call<T> call) throws DeliveryException {
        try {
            return call.run();
        } catch (RateLimitedException e) {
            return rethrow(new DeliveryException.RateLimited(Duration.ofMillis(e.getRetryAfter()), e.getMessage()));
        } catch (InsufficientPermissionException e) {
            log.warn(
                    "Missing the Discord permission {} in {}: grant it to the bot's role (Server Settings → Roles) "
                            + "or in the channel's permissions",
                    e.getPermission().getName(),
                    where);
            return rethrow(new DeliveryException.Failed(
                    "missing permission " + e.getPermission().getName()));
        } catch (ErrorResponseException e) {
            throw translate(where, e);
        } catch (RuntimeException e) {
            return rethrow(new DeliveryException.Failed("Discord unreachable: " + e.getMessage()));
        }
    }

    static DeliveryException translate(String where, ErrorResponseException e) {
        ErrorResponse response = e.getErrorResponse();
        return switch (response) {
            case UNKNOWN_MESSAGE, UNKNOWN_CHANNEL -> new DeliveryException.MessageGone(e.getMeaning());
            case MISSING_PERMISSIONS, MISSING_ACCESS -> {
                log.warn(
                        "Discord refused a call in {}: {}. The bot needs View Channel, Send Messages, Send Messages "
                                + "in Threads, Read Message History, Attach Files and Create Public Threads there",
                        where,
                        e.getMeaning());
                yield new DeliveryException.Failed("Discord " + response.getCode() + ": " + e.getMeaning());
            }
            default -> new DeliveryException.Failed("Discord " + e.getErrorCode() + ": " + e.getMeaning());
        };
    }

    private static <T> T rethrow(DeliveryException e) throws DeliveryException {
        throw e;
    }
}
