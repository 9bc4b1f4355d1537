package dev.chatbridge.discord;

import dev.chatbridge.core.delivery.DeliveryException;
import java.time.Duration;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.exceptions.RateLimitedException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one blocking JDA call and reads its failures into the core's delivery outcomes. */
final class DiscordFailures {

    private static final Logger log = LoggerFactory.getLogger(DiscordFailures.class);

    private DiscordFailures() {}

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
