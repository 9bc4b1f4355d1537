package dev.chatbridge.core.inbound;

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
    @Nullable String declaredMimeType();

    /** The size the platform declared, or -1 when unknown; lets the core refuse before downloading. */
    long declaredBytes();

    /** The bytes, at most {@code maxBytes} of them; throws when there are more or the download fails. */
    byte[] download(long maxBytes) throws AttachmentException;

    /** Why an attachment could not be fetched; the message is safe to log (no tokens, no file URLs). */
    final class AttachmentException extends Exception {
        private final boolean tooLarge;

        public AttachmentException(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }
}
