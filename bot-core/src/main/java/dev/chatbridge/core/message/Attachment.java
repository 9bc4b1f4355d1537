package dev.chatbridge.core.message;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A file the user attached, fetched lazily: the adapter implements this over its platform's file
 * API (Telegram: getFile and a server-side download, so the bot token never leaves the adapter;
 * Discord: the attachment's CDN URL), and the core calls {@link #download} on the answering
 * thread, only when it needs the bytes.
 */
public interface Attachment {

    /** A name to show in messages and context references, e.g. {@code photo.jpg}; never a URL. */
    String name();

    /** The type the platform declared ({@code image/jpeg}), or null when it declared none. */
    @Nullable
    String declaredMimeType();

    /** The size the platform declared, or -1 when unknown; lets the core refuse before downloading. */
    long declaredBytes();

    /** The length of a voice note or audio file as the platform declared it, in seconds, or -1 when unknown. */
    default long declaredSeconds() {
        return -1;
    }

    /** The bytes, at most {@code maxBytes} of them; throws when there are more or the download fails. */
    byte[] download(long maxBytes) throws AttachmentException;

    /**
     * The link in the message's text this attachment was made from (e.g. a Discord CDN link the
     * adapter downloads through the platform), or null; the core then does not fetch that link itself.
     */
    default @Nullable String sourceLink() {
        return null;
    }

    /**
     * What another replica needs to fetch this attachment again (see {@link AttachmentDirectory}), or null when
     * it cannot be fetched anywhere else. Never holds bytes or secrets: it is stored in Redis with the message.
     */
    default @Nullable Reference reference() {
        return null;
    }

    /**
     * A platform's way back to a file: {@code locators} are the adapter's own (Telegram file ids with their sizes,
     * a Discord CDN link); the rest is what {@link Attachment} declares.
     */
    record Reference(
            String platform,
            String name,
            @Nullable String mimeType,
            long declaredBytes,
            List<String> locators,
            @Nullable String sourceLink) {

        public Reference {
            locators = List.copyOf(locators);
        }

        /** The references of those attachments that have one (see {@link Attachment#reference()}). */
        public static List<Reference> allOf(List<Attachment> attachments) {
            return attachments.stream()
                    .map(Attachment::reference)
                    .filter(Objects::nonNull)
                    .toList();
        }
    }

    /** Why an attachment could not be fetched; the message is safe to log (no tokens, no file URLs). */
    final class AttachmentException extends Exception {

        /** What went wrong, so the user hears the right explanation. */
        public enum Reason {
            FAILED,
            TOO_LARGE,
            /** A link the SSRF guard would not fetch (a private or internal address, or not http(s)). */
            REFUSED
        }

        private final Reason reason;

        public AttachmentException(String message, boolean tooLarge) {
            this(message, tooLarge ? Reason.TOO_LARGE : Reason.FAILED);
        }

        public AttachmentException(String message, Reason reason) {
            super(message);
            this.reason = reason;
        }

        public boolean tooLarge() {
            return reason == Reason.TOO_LARGE;
        }

        public Reason reason() {
            return reason;
        }
    }
}
