package dev.chatbridge.core.inbound;

import java.time.Duration;
import java.util.Objects;

/**
 * Marks a message as one part of an album (Telegram's media group: one message per photo, the
 * caption usually on the first). The parts are queued one by one like any message, so they
 * survive a restart and may reach different replicas; whichever replica answers the conversation
 * answers them once, together, when no part has arrived for {@code quiet} or a later message
 * follows them.
 *
 * @param albumId the platform's id of the album
 * @param addressed whether this part alone would be answered (in a group: it mentions the bot);
 *     the album is answered when any part is
 * @param quiet how long to wait for more parts after the latest one
 */
public record AlbumPart(String albumId, boolean addressed, Duration quiet) {

    /** Telegram's largest album. */
    static final int MOST_PARTS = 10;

    public AlbumPart {
        Objects.requireNonNull(albumId, "albumId");
        Objects.requireNonNull(quiet, "quiet");
    }
}
