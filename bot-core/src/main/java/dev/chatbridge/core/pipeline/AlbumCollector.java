package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.message.AlbumPart;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Collects the queued parts of an album into one question. Telegram sends an album as one
 * message per photo within a few hundred milliseconds; the parts are queued one by one, and the
 * replica that answers the conversation waits under its lock until the album is complete.
 */
final class AlbumCollector {

    private static final long MOST_SLEEP_MILLIS = 100;

    /** A queue item as stored (to remove it once answered) and as read. */
    record Item(String stored, QueuedMessage message) {}

    private final ConversationQueue queue;

    AlbumCollector(ConversationQueue queue) {
        this.queue = queue;
    }

    /**
     * The queued parts of the album at the head, once it is complete: a later message follows it,
     * or no part has arrived for the album's quiet time, or it has Telegram's most parts. Empty
     * when {@code stopping} turns true meanwhile: the parts stay queued for the next replica.
     */
    List<Item> parts(String conversationId, QueuedMessage.QueuedAlbumPart album, BooleanSupplier stopping)
            throws InterruptedException {
        while (!stopping.getAsBoolean()) {
            List<String> items = queue.first(conversationId, AlbumPart.MOST_PARTS + 1);
            List<Item> parts = new ArrayList<>();
            long latest = album.queuedAtMillis();
            for (String item : items) {
                QueuedMessage part = QueuedMessage.readOrNull(item);
                if (part == null || !part.inAlbum(album.id())) {
                    break;
                }
                parts.add(new Item(item, part));
                latest = Math.max(latest, part.album().queuedAtMillis());
            }
            long quietFor = System.currentTimeMillis() - latest;
            boolean complete = parts.size() < items.size()
                    || parts.size() >= AlbumPart.MOST_PARTS
                    || quietFor >= album.quietMillis();
            if (complete || parts.isEmpty()) {
                return parts;
            }
            Thread.sleep(Math.min(album.quietMillis() - quietFor, MOST_SLEEP_MILLIS));
        }
        return List.of();
    }

    /** Whether any part speaks to the bot (in a group, only then is the album answered). */
    static boolean addressed(List<QueuedMessage> parts) {
        return parts.stream()
                .anyMatch(part -> part.album() != null && part.album().addressed());
    }

    /** One question from an album's parts: the first caption, and every part's attachments in order. */
    static UserMessage merge(List<UserMessage> messages) {
        UserMessage first = messages.getFirst();
        String text = messages.stream()
                .map(UserMessage::text)
                .filter(caption -> !caption.isBlank())
                .findFirst()
                .orElse("");
        List<Attachment> all =
                messages.stream().flatMap(part -> part.attachments().stream()).toList();
        return new UserMessage(
                first.platform(),
                first.eventId(),
                first.chatId(),
                first.chatKind(),
                first.userId(),
                first.userName(),
                first.languageCode(),
                text,
                all,
                first.places());
    }
}
