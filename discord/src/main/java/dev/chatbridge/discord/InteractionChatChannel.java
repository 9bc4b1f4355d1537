package dev.chatbridge.discord;

import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingImage;
import dev.chatbridge.core.delivery.OutgoingText;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.FileUpload;
import org.jspecify.annotations.Nullable;

/**
 * A slash command's answer. The interaction was deferred at once ("thinking…"); the first message of the answer
 * replaces that placeholder and is edited through the original-response route ({@code @original}), further messages
 * are follow-ups. The interaction token lasts 15 minutes, so after
 * {@link #TOKEN_MARGIN} before that everything goes to the channel as ordinary messages instead, and the bot edits
 * its messages through the channel. A placeholder still unused by then is deleted through the channel, so that it
 * does not end as "The application did not respond" above an answer that came.
 */
final class InteractionChatChannel implements ChatChannel {

    /** Discord's token lasts 15 minutes; stop using it a minute early, so a slow call never meets the expiry. */
    static final Duration TOKEN_MARGIN = Duration.ofMinutes(14);

    private final InteractionHook hook;
    private final DiscordChatChannel channel;
    private final long tokenValidUntilNanos;
    private final AtomicBoolean placeholderUsed = new AtomicBoolean();
    /** The id of the message that replaced the placeholder: the original response, edited through {@code @original}. */
    private volatile @Nullable String originalId;

    InteractionChatChannel(InteractionHook hook, DiscordChatChannel channel, Duration tokenLife) {
        this.hook = hook;
        this.channel = channel;
        this.tokenValidUntilNanos = System.nanoTime() + tokenLife.toNanos();
    }

    @Override
    public ChannelLimits limits() {
        return channel.limits();
    }

    @Override
    public String pacingKey() {
        return channel.pacingKey();
    }

    /** Another replica cannot use this interaction's token, so it answers in the channel instead. */
    @Override
    public Optional<ChannelDirectory.Address> address() {
        return channel.address();
    }

    @Override
    public MessageRef send(OutgoingText text) throws DeliveryException {
        if (!tokenValid()) {
            dropUnusedPlaceholder();
            return channel.send(text);
        }
        if (placeholderUsed.compareAndSet(false, true)) {
            return original(DiscordFailures.call(
                    channel.where(),
                    () -> hook.editOriginal(DiscordMessages.editData(text)).complete()));
        }
        Message sent = DiscordFailures.call(
                channel.where(),
                () -> hook.sendMessage(DiscordMessages.createData(text)).complete());
        return new MessageRef(sent.getId());
    }

    @Override
    public void edit(MessageRef message, OutgoingText text) throws DeliveryException {
        if (!tokenValid()) {
            channel.edit(message, text); // the bot may edit its own interaction messages like any other
            return;
        }
        // Discord documents PATCH …/messages/@original for the original response; by id only for follow-ups.
        DiscordFailures.call(
                channel.where(),
                () -> (message.id().equals(originalId)
                                ? hook.editOriginal(DiscordMessages.editData(text))
                                : hook.editMessageById(message.id(), DiscordMessages.editData(text)))
                        .complete());
    }

    @Override
    public MessageRef sendWithButtons(
            OutgoingText text, java.util.List<java.util.List<dev.chatbridge.core.delivery.Button>> buttonRows)
            throws DeliveryException {
        if (!tokenValid()) {
            dropUnusedPlaceholder();
            return channel.sendWithButtons(text, buttonRows);
        }
        String content = DiscordMessages.content(text);
        var rows = ActionRows.of(buttonRows);
        if (placeholderUsed.compareAndSet(false, true)) {
            return original(DiscordFailures.call(
                    channel.where(),
                    () -> hook.editOriginal(content)
                            .setAllowedMentions(DiscordMessages.NO_PINGS)
                            .setComponents(rows)
                            .complete()));
        }
        Message sent = DiscordFailures.call(
                channel.where(),
                () -> hook.sendMessage(content)
                        .setAllowedMentions(DiscordMessages.NO_PINGS)
                        .setComponents(rows)
                        .complete());
        return new MessageRef(sent.getId());
    }

    private MessageRef original(Message sent) {
        originalId = sent.getId();
        return new MessageRef(sent.getId());
    }

    @Override
    public void typing() {
        // The deferred reply already shows "thinking…".
    }

    @Override
    public MessageRef sendImage(OutgoingImage image) throws DeliveryException {
        if (!tokenValid()) {
            dropUnusedPlaceholder();
            return channel.sendImage(image);
        }
        Message sent = DiscordFailures.call(
                channel.where(),
                () -> hook.sendMessage(DiscordMessages.caption(image.caption()))
                        .setAllowedMentions(DiscordMessages.NO_PINGS)
                        .addFiles(FileUpload.fromData(image.bytes(), image.fileName()))
                        .setComponents(ActionRows.of(image.buttonRows()))
                        .complete());
        return new MessageRef(sent.getId());
    }

    /** Called once the core is done: a command that answered nothing must not leave "thinking…" behind. */
    @Override
    public void answered() {
        if (!tokenValid()) {
            dropUnusedPlaceholder();
        } else if (placeholderUsed.compareAndSet(false, true)) {
            hook.deleteOriginal().queue(null, ignored -> {});
        }
    }

    /** Past the window: the placeholder is the bot's own message, which it may delete through the channel. */
    private void dropUnusedPlaceholder() {
        if (placeholderUsed.compareAndSet(false, true) && hook.hasCallbackResponse()) {
            Message placeholder = hook.getCallbackResponse().getMessage();
            if (placeholder != null) {
                channel.deleteQuietly(placeholder.getId());
            }
        }
    }

    private boolean tokenValid() {
        return System.nanoTime() - tokenValidUntilNanos < 0;
    }
}
