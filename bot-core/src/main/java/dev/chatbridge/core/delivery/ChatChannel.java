package dev.chatbridge.core.delivery;

/**
 * The core's outbound port: one object per chat, implemented by each platform adapter. The
 * core's delivery engine uses only this, so pacing, splitting and fallbacks live once, in core.
 */
public interface ChatChannel {

    ChannelLimits limits();

    /** Key under which calls to this chat are paced, shared by every replica (e.g. "tg:12345"). */
    String pacingKey();

    MessageRef send(OutgoingText text) throws DeliveryException;

    /** Replaces a message's text. Editing to the current content must count as success. */
    void edit(MessageRef message, OutgoingText text) throws DeliveryException;

    /** Shows a native streaming preview; only called when {@link ChannelLimits#drafts()} is true. */
    default void draft(int draftId, OutgoingText text) throws DeliveryException {
        throw new UnsupportedOperationException("this channel has no drafts");
    }

    /** Shows "typing…"; best effort, failures are ignored. */
    void typing();

    /**
     * Sends a text with rows of buttons under it (e.g. the /models keyboard). Channels that cannot
     * show buttons keep this default, and the core falls back to a plain text.
     */
    default MessageRef sendWithButtons(OutgoingText text, java.util.List<java.util.List<Button>> buttonRows)
            throws DeliveryException {
        throw new DeliveryException.Failed("this channel cannot show buttons");
    }

    /** Posts a picture, optionally with buttons; uploads the bytes, never a URL. */
    default MessageRef sendImage(OutgoingImage image) throws DeliveryException {
        throw new DeliveryException.Failed("this channel cannot send images");
    }
}
