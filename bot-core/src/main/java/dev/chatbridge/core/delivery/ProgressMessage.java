package dev.chatbridge.core.delivery;

import java.time.Duration;
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

    /** The last update: retried through 429s and short failures. */
    public void finish(MessageRef message, String text) throws InterruptedException {
        finish(message, OutgoingText.plain(text));
    }

    /** The last update: retried through 429s and short failures. */
    public void finish(MessageRef message, OutgoingText text) throws InterruptedException {
        for (int attempt = 1; attempt <= FINAL_ATTEMPTS; attempt++) {
            pacer.awaitTurn(channel.pacingKey(), channel.limits().minCallInterval());
            try {
                channel.edit(message, text);
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

    /** Posts a picture, waiting out 429s. */
    public MessageRef postImage(OutgoingImage image) throws InterruptedException, DeliveryException {
        return postWaitingOut429s(() -> channel.sendImage(image));
    }

    /** Posts a text with rows of buttons under it, waiting out 429s. */
    public MessageRef postWithButtons(OutgoingText text, java.util.List<java.util.List<Button>> rows)
            throws InterruptedException, DeliveryException {
        return postWaitingOut429s(() -> channel.sendWithButtons(text, rows));
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
    private interface Post {
        MessageRef send() throws DeliveryException;
    }
}
