package dev.chatbridge.core.delivery;

import dev.chatbridge.core.text.Language;
import org.jspecify.annotations.Nullable;

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

    /**
     * Where {@link ChannelDirectory} finds this chat again, so that any replica can answer a message
     * that this one accepted (queued messages outlive the process). Empty: only this process can
     * answer through this channel, which breaks the hand-over between replicas; adapters should say.
     */
    default java.util.Optional<ChannelDirectory.Address> address() {
        return java.util.Optional.empty();
    }

    /**
     * Called once the core is done with a message that arrived through this channel (answered,
     * refused or failed; not when it was handed to another replica). A queued message is answered
     * later than {@code BotEngine.onMessage} returns, so this is the only reliable end signal; a
     * channel releases here what it held for the answer (Discord: an unused "thinking…" placeholder).
     */
    default void answered() {}

    /**
     * Told before each answer to a message: the language the bot answers its reader in, and the language their app
     * is set to ({@code clientTag} as the platform sent it, null when it sent none). Telegram shows its command menu
     * in {@code language} in a private chat; other channels keep this default. Returns at once and never throws:
     * the answer does not wait for it.
     */
    default void answeringIn(Language language, @Nullable String clientTag) {}

    /**
     * As {@link #answeringIn}, right after the reader chose {@code language} ({@code /language}; for {@code auto},
     * their app's language). A channel that keeps it on the platform sets it again even where it believes it is
     * set already: another replica, or this one before a restart, may have changed it since.
     */
    default void languageChosen(Language language, @Nullable String clientTag) {}

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

    /** Replaces a message's text and buttons (a keyboard's next page); channels without buttons keep this default. */
    default void editWithButtons(
            MessageRef message, OutgoingText text, java.util.List<java.util.List<Button>> buttonRows)
            throws DeliveryException {
        throw new DeliveryException.Failed("this channel cannot edit buttons");
    }

    /** Posts a picture, optionally with buttons; uploads the bytes, never a URL. */
    default MessageRef sendImage(OutgoingImage image) throws DeliveryException {
        throw new DeliveryException.Failed("this channel cannot send images");
    }

    /**
     * Whether {@code userId} administers this chat (a group's settings are theirs to change):
     * a Telegram group's creator or administrator, a Discord member who may manage the server.
     * Channels that cannot tell keep this default and say no.
     */
    default boolean isChatAdmin(String userId) throws DeliveryException {
        return false;
    }

    /**
     * True where a question is best answered by replying to it (Telegram opens the reply field, ForceReply); false
     * where the core offers buttons instead (Discord opens a form from a button).
     */
    default boolean asksByReply() {
        return false;
    }

    /**
     * Puts a picture into one of the bot's status messages, or replaces the one it shows (a running
     * job's preview), with {@code status} as its caption. Channels that cannot keep this default, and
     * the core goes on with text.
     */
    default void editPicture(MessageRef message, OutgoingText status, byte[] png) throws DeliveryException {
        throw new DeliveryException.Failed("this channel cannot put pictures into messages");
    }

    /**
     * Replaces the caption (and buttons) of a status message that shows a picture, keeping the picture.
     * Editing to the current content must count as success.
     */
    default void editCaption(MessageRef message, OutgoingText status, java.util.List<java.util.List<Button>> buttonRows)
            throws DeliveryException {
        throw new DeliveryException.Failed("this channel cannot edit captions");
    }

    /** Deletes one of the bot's messages; a message that is gone already counts as deleted. */
    default void delete(MessageRef message) throws DeliveryException {
        throw new DeliveryException.Failed("this channel cannot delete messages");
    }

    /**
     * Asks a question the user answers by replying to it ({@link #asksByReply}): the platform opens the reply field,
     * showing {@code placeholder} in it. Returns the question's message, which replies name.
     */
    default MessageRef sendAsk(OutgoingText text, String placeholder) throws DeliveryException {
        return send(text);
    }

    /**
     * Sends a text with one button that opens {@code url}: on Telegram a Web App button where {@code webApp} and the
     * chat allows it (private chats), else a link button. Channels without link buttons show the link in the text.
     */
    default MessageRef sendLink(OutgoingText text, String label, String url, boolean webApp) throws DeliveryException {
        return send(new OutgoingText(text.text() + "\n" + url, text.format(), text.status()));
    }
}
