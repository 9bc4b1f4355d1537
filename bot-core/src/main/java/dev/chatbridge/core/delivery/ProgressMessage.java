package dev.chatbridge.core.delivery;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A status message that is edited as a job moves. Updates go through the chat's pacing; an
 * update that meets a 429 is dropped (the next one carries newer news), while the final update
 * waits out the retry-after, because the user must see how the job ended.
 */
public final class ProgressMessage {

    private static final Logger log = LoggerFactory.getLogger(ProgressMessage.class);
    private static final int FINAL_ATTEMPTS = 6;

    private final ChatChannel channel;
    private final ChatPacer pacer;

    public ProgressMessage(ChatChannel channel, ChatPacer pacer) {
        this.channel = channel;
        this.pacer = pacer;
    }

    /** Posts the first version; returns its reference. */
    public MessageRef post(String text) throws InterruptedException, DeliveryException {
        return post(OutgoingText.plain(text));
    }

    /** Posts the first version (e.g. a {@link OutgoingText#status} text); returns its reference. */
    public MessageRef post(OutgoingText text) throws InterruptedException, DeliveryException {
        return postWaitingOut429s(() -> channel.send(text));
    }

    /** An intermediate update: best effort. */
    public void update(MessageRef message, OutgoingText text) throws InterruptedException {
        pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
        try {
            channel.edit(message, text);
        } catch (DeliveryException.RateLimited e) {
            pacer.holdOff(channel.pacingKey(), e.retryAfter());
        } catch (DeliveryException e) {
            log.debug("Progress update skipped in {}: {}", channel.pacingKey(), e.getMessage());
        }
    }

    /**
     * Puts a preview picture into the message (or replaces it), best effort like {@link #update}; false
     * when the channel refused, so the caller goes on with text.
     */
    public boolean updatePicture(MessageRef message, OutgoingText status, byte[] png) throws InterruptedException {
        pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
        try {
            channel.editPicture(message, status, png);
            return true;
        } catch (DeliveryException.RateLimited e) {
            pacer.holdOff(channel.pacingKey(), e.retryAfter());
        } catch (DeliveryException e) {
            log.debug("Preview skipped in {}: {}", channel.pacingKey(), e.getMessage());
        }
        return false;
    }

    /** An intermediate update of a message that shows a picture: its caption, best effort. */
    public void updateCaption(MessageRef message, OutgoingText status) throws InterruptedException {
        pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
        try {
            channel.editCaption(message, status, List.of());
        } catch (DeliveryException.RateLimited e) {
            pacer.holdOff(channel.pacingKey(), e.retryAfter());
        } catch (DeliveryException e) {
            log.debug("Progress caption skipped in {}: {}", channel.pacingKey(), e.getMessage());
        }
    }

    /**
     * The last update, with buttons under it (e.g. "try again"), of a text message or of one that shows a
     * picture: retried through 429s and short failures.
     */
    public void finish(MessageRef message, OutgoingText text, List<List<Button>> buttonRows, boolean picture)
            throws InterruptedException {
        finishWith(() -> {
            if (picture) {
                channel.editCaption(message, text, buttonRows);
            } else if (buttonRows.isEmpty()) {
                channel.edit(message, text);
            } else {
                channel.editWithButtons(message, text, buttonRows);
            }
        });
    }

    /** Deletes the message, best effort: it is only tidying up. */
    public void delete(MessageRef message) throws InterruptedException {
        pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
        try {
            channel.delete(message);
        } catch (DeliveryException.RateLimited e) {
            pacer.holdOff(channel.pacingKey(), e.retryAfter());
        } catch (DeliveryException e) {
            log.debug("Could not delete a message in {}: {}", channel.pacingKey(), e.getMessage());
        }
    }

    /** The last update: retried through 429s and short failures. */
    public void finish(MessageRef message, String text) throws InterruptedException {
        finish(message, OutgoingText.plain(text));
    }

    /** The last update: retried through 429s and short failures. */
    public void finish(MessageRef message, OutgoingText text) throws InterruptedException {
        finishWith(() -> channel.edit(message, text));
    }

    private void finishWith(Edit edit) throws InterruptedException {
        for (int attempt = 1; attempt <= FINAL_ATTEMPTS; attempt++) {
            pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
            try {
                edit.run();
                return;
            } catch (DeliveryException.RateLimited e) {
                pacer.holdOff(channel.pacingKey(), e.retryAfter());
            } catch (DeliveryException.MessageGone | DeliveryException.ChatGone e) {
                return; // nothing more can be shown there
            } catch (DeliveryException e) {
                log.warn(
                        "Final progress update failed in {} (attempt {}): {}",
                        channel.pacingKey(),
                        attempt,
                        e.getMessage());
                Thread.sleep(Duration.ofMillis(300L * attempt));
            }
        }
    }

    /** Posts a text with buttons under it, waiting out 429s. */
    public MessageRef postWithButtons(OutgoingText text, List<List<Button>> buttonRows)
            throws InterruptedException, DeliveryException {
        return postWaitingOut429s(() -> channel.sendWithButtons(text, buttonRows));
    }

    /** Posts a picture, waiting out 429s. */
    public MessageRef postImage(OutgoingImage image) throws InterruptedException, DeliveryException {
        return postWaitingOut429s(() -> channel.sendImage(image));
    }

    private MessageRef postWaitingOut429s(Post post) throws InterruptedException, DeliveryException {
        for (int attempt = 1; ; attempt++) {
            pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
            try {
                return post.send();
            } catch (DeliveryException.RateLimited e) {
                pacer.holdOff(channel.pacingKey(), e.retryAfter());
                if (attempt >= FINAL_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @FunctionalInterface
    private interface Edit {
        void run() throws DeliveryException;
    }

    @FunctionalInterface
    private interface Post {
        MessageRef send() throws DeliveryException;
    }
}
