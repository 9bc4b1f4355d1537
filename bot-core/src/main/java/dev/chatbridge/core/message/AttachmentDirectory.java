package dev.chatbridge.core.message;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns an attachment's {@link Attachment.Reference} back into an attachment, on whichever replica answers the
 * message: a queued message keeps only references in Redis (never bytes), and each adapter registers how to fetch
 * its platform's files from one.
 */
public final class AttachmentDirectory {

    private final Map<String, Function<Attachment.Reference, Attachment>> byPlatform = new ConcurrentHashMap<>();

    public void register(String platform, Function<Attachment.Reference, Attachment> restore) {
        byPlatform.put(platform, restore);
    }

    /** The attachments that can be restored here, in order; those of platforms not running here are left out. */
    public List<Attachment> restoreAll(List<Attachment.Reference> references) {
        return references.stream().map(this::restore).flatMap(Optional::stream).toList();
    }

    /** The attachment again, or empty when no adapter of its platform runs here. */
    public Optional<Attachment> restore(Attachment.Reference reference) {
        return Optional.ofNullable(byPlatform.get(reference.platform())).map(restore -> restore.apply(reference));
    }
}
