package dev.chatbridge.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.chatbridge.telegram.TelegramBot.WebhookAnswer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The gate for webhook POSTs: the secret header checked in constant time, then the body read as an update. Closed
 * until the webhook is registered, and again once the bot stops receiving, so that Telegram delivers the update
 * again (to another replica behind the same URL).
 */
final class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    /**
     * Telegram's types are Jackson 2 (TelegramBots), so updates are read with Jackson 2, not the app's mapper. Built on
     * first use: its deserializers take 100-200 ms to build, which a polling bot would pay at startup for nothing.
     */
    private static final class UpdateReader {
        static final ObjectReader INSTANCE = new ObjectMapper().readerFor(Update.class);
    }

    /** False when the update was not taken (storage is down) and Telegram must deliver it again. */
    private final Predicate<Update> onUpdate;

    private volatile byte[] secret = new byte[0];
    private volatile boolean accepting;

    WebhookReceiver(Predicate<Update> onUpdate) {
        this.onUpdate = onUpdate;
    }

    /** The webhook is registered with this secret: updates are taken from now on. */
    void open(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        accepting = true;
        // Built beside the startup, so that the first update does not wait for it.
        Thread.ofVirtual().name("webhook-reader-warm-up").start(() -> UpdateReader.INSTANCE.getClass());
    }

    /** From now on an update with the right secret gets 503, so that Telegram delivers it again elsewhere. */
    void stop() {
        accepting = false;
    }

    WebhookAnswer receive(@Nullable String secretHeader, byte[] body) {
        byte[] expected = secret;
        // Compare before anything else, even when stopping, so the answer reveals nothing.
        boolean authentic = expected.length > 0
                && secretHeader != null
                && MessageDigest.isEqual(expected, secretHeader.getBytes(StandardCharsets.UTF_8));
        if (!authentic) {
            return WebhookAnswer.WRONG_SECRET;
        }
        if (!accepting) {
            return WebhookAnswer.STOPPING;
        }
        Update update;
        try {
            update = UpdateReader.INSTANCE.readValue(body);
        } catch (IOException e) {
            log.warn("Ignoring an unreadable webhook update: {}", e.getMessage());
            return WebhookAnswer.UNREADABLE;
        }
        return onUpdate.test(update) ? WebhookAnswer.ACCEPTED : WebhookAnswer.STORAGE_UNAVAILABLE;
    }
}
