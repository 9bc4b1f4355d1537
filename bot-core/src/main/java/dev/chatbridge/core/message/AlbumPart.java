package dev.chatbridge.core.message;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One part of an album (Telegram's media group: one message per photo, the caption usually on the
 * first). The parts are queued one by one like any message, so they survive a restart and may
 * reach different replicas; whichever replica answers the conversation answers them once,
 * together, when no part has arrived for {@code quiet} or a later message follows them.
 *
 * @param message this part as a message (its photo, and the caption if it carries it)
 * @param albumId the platform's id of the album
 * @param addressed whether this part alone would be answered (in a group: it mentions the bot);
 *     the album is answered when any part is
 * @param quiet how long to wait for more parts after the latest one
 */
public record AlbumPart(UserMessage message, String albumId, boolean addressed, Duration quiet)
        implements InboundEvent {

    /** Telegram's largest album. */
    public static final int MOST_PARTS = 10;

    public AlbumPart {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(albumId, "albumId");
        Objects.requireNonNull(quiet, "quiet");
    }

    @Override
    public String platform() {
        return message.platform();
    }

    @Override
    public String eventId() {
        return message.eventId();
    }

    @Override
    public String userId() {
        return message.userId();
    }

    @Override
    public List<String> places() {
        return message.places();
    }

    @Override
    public @Nullable String languageCode() {
        return message.languageCode();
    }
}
