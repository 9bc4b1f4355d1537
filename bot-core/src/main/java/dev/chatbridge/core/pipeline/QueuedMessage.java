package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.message.AlbumPart;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.message.UserMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a queue item holds: the message's values, references to its attachments and where any
 * replica can answer it. Spelled out field by field, so that what only lives in memory (an
 * attachment's bytes, a platform client) is never written to storage; the accepting replica
 * answers with the message it received, another one restores the attachments from the references.
 */
record QueuedMessage(
        String platform,
        String eventId,
        String chatId,
        UserMessage.ChatKind chatKind,
        String userId,
        String userName,
        @Nullable String languageCode,
        String text,
        ChannelDirectory.@Nullable Address address,
        @Nullable List<Attachment.Reference> attachments,
        @Nullable QueuedAlbumPart album) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    QueuedMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments); // items queued before they existed
    }

    /**
     * An {@link AlbumPart} as queued, with when it was queued: the replica that answers compares
     * that with its own clock, so the replicas' clocks should agree to well under the quiet time.
     */
    record QueuedAlbumPart(String id, boolean addressed, long quietMillis, long queuedAtMillis) {}

    static QueuedMessage of(
            UserMessage message, ChannelDirectory.@Nullable Address address, @Nullable AlbumPart album) {
        QueuedAlbumPart part = album == null
                ? null
                : new QueuedAlbumPart(
                        album.albumId(), album.addressed(), album.quiet().toMillis(), System.currentTimeMillis());
        return new QueuedMessage(
                message.platform(),
                message.eventId(),
                message.chatId(),
                message.chatKind(),
                message.userId(),
                message.userName(),
                message.languageCode(),
                message.text(),
                address,
                Attachment.Reference.allOf(message.attachments()),
                part);
    }

    /** The item as stored. */
    String json() {
        return JSON.writeValueAsString(this);
    }

    /** A stored item, or null when it cannot be read (written by a broken or much older version). */
    static @Nullable QueuedMessage readOrNull(String item) {
        try {
            return JSON.readValue(item, QueuedMessage.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    boolean inAlbum(String albumId) {
        return album != null && album.id().equals(albumId);
    }

    /** The message again, on a replica that did not receive it: its attachments restored from their references. */
    UserMessage message(AttachmentDirectory directory) {
        return new UserMessage(
                platform,
                eventId,
                chatId,
                chatKind,
                userId,
                userName,
                languageCode,
                text,
                directory.restoreAll(attachments));
    }
}
