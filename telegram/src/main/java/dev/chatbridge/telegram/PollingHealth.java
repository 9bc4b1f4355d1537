package dev.chatbridge.telegram;

import dev.chatbridge.core.observe.PlatformConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Watches the long-polling {@code getUpdates} calls: the connection is up while the last one
 * succeeded (or none has finished yet after the bot identified itself), and down after a failed
 * one (network error, 401, 409 Conflict with another poller, 5xx) until a poll succeeds again.
 * In webhook mode there are no polls: it is up once the webhook is registered and says when the
 * last update arrived (Telegram reports delivery errors only through getWebhookInfo).
 */
final class PollingHealth implements Interceptor, PlatformConnection {

    private final AtomicReference<Outcome> last = new AtomicReference<>();
    private volatile @Nullable Instant webhookSince;
    private volatile @Nullable Instant lastWebhookUpdate;

    /** The bot receives through its webhook from now on. */
    void webhookRegistered() {
        webhookSince = Instant.now();
    }

    void webhookUpdateReceived() {
        lastWebhookUpdate = Instant.now();
    }

    private record Outcome(boolean ok, String what, Instant at) {}

    @Override
    public Response intercept(Chain chain) throws IOException {
        // TelegramBots sends the method name in lower case ("getupdates").
        boolean poll =
                chain.request().url().encodedPath().toLowerCase(Locale.ROOT).endsWith("/getupdates");
        if (!poll) {
            return chain.proceed(chain.request());
        }
        try {
            Response response = chain.proceed(chain.request());
            last.set(new Outcome(response.isSuccessful(), "HTTP " + response.code(), Instant.now()));
            return response;
        } catch (IOException e) {
            last.set(new Outcome(false, e.getClass().getSimpleName(), Instant.now()));
            throw e;
        }
    }

    @Override
    public String platform() {
        return TelegramUpdateTranslator.PLATFORM;
    }

    @Override
    public State state() {
        Instant since = webhookSince;
        if (since != null) {
            Instant update = lastWebhookUpdate;
            return new State(
                    true,
                    update == null
                            ? "webhook registered " + secondsSince(since) + " s ago, no update received yet"
                            : "webhook, last update received " + secondsSince(update) + " s ago");
        }
        @Nullable Outcome outcome = last.get();
        if (outcome == null) {
            return new State(true, "polling, no poll finished yet");
        }
        long seconds = secondsSince(outcome.at());
        return outcome.ok()
                ? new State(true, "last poll succeeded " + seconds + " s ago")
                : new State(false, "last poll failed " + seconds + " s ago: " + outcome.what());
    }

    private static long secondsSince(Instant at) {
        return Duration.between(at, Instant.now()).toSeconds();
    }
}
