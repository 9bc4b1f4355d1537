package dev.chatbridge.core.observe;

import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingImage;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.text.Language;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Counts what the core sends to a platform (sends, edits, drafts, images) and the 429s it gets back. */
public final class MeteredChannel implements ChatChannel {

    private final ChatChannel channel;
    private final String platform;
    private final BridgeMetrics metrics;

    private MeteredChannel(ChatChannel channel, String platform, BridgeMetrics metrics) {
        this.channel = channel;
        this.platform = platform;
        this.metrics = metrics;
    }

    public static ChatChannel wrap(ChatChannel channel, String platform, BridgeMetrics metrics) {
        return channel instanceof MeteredChannel ? channel : new MeteredChannel(channel, platform, metrics);
    }

    @Override
    public ChannelLimits limits() {
        return channel.limits();
    }

    @Override
    public String pacingKey() {
        return channel.pacingKey();
    }

    @Override
    public Optional<ChannelDirectory.Address> address() {
        return channel.address();
    }

    @Override
    public void answered() {
        channel.answered();
    }

    @Override
    public MessageRef send(OutgoingText text) throws DeliveryException {
        return counted("send", () -> channel.send(text));
    }

    @Override
    public void edit(MessageRef message, OutgoingText text) throws DeliveryException {
        counted("edit", () -> {
            channel.edit(message, text);
            return message;
        });
    }

    @Override
    public void draft(int draftId, OutgoingText text) throws DeliveryException {
        counted("draft", () -> {
            channel.draft(draftId, text);
            return null;
        });
    }

    @Override
    public void answeringIn(Language language, @Nullable String clientTag) {
        channel.answeringIn(language, clientTag);
    }

    @Override
    public void languageChosen(Language language, @Nullable String clientTag) {
        channel.languageChosen(language, clientTag);
    }

    @Override
    public void typing() {
        channel.typing();
    }

    @Override
    public MessageRef sendWithButtons(OutgoingText text, List<List<Button>> buttonRows) throws DeliveryException {
        return counted("send", () -> channel.sendWithButtons(text, buttonRows));
    }

    @Override
    public void editWithButtons(MessageRef message, OutgoingText text, List<List<Button>> buttonRows)
            throws DeliveryException {
        counted("edit", () -> {
            channel.editWithButtons(message, text, buttonRows);
            return null;
        });
    }

    @Override
    public MessageRef sendImage(OutgoingImage image) throws DeliveryException {
        return counted("image", () -> channel.sendImage(image));
    }

    @Override
    public boolean isChatAdmin(String userId) throws DeliveryException {
        return counted("member", () -> channel.isChatAdmin(userId));
    }

    @Override
    public void editPicture(MessageRef message, OutgoingText status, byte[] png) throws DeliveryException {
        counted("image", () -> {
            channel.editPicture(message, status, png);
            return null;
        });
    }

    @Override
    public void editCaption(MessageRef message, OutgoingText status, List<List<Button>> buttonRows)
            throws DeliveryException {
        counted("edit", () -> {
            channel.editCaption(message, status, buttonRows);
            return null;
        });
    }

    @Override
    public void delete(MessageRef message) throws DeliveryException {
        counted("delete", () -> {
            channel.delete(message);
            return null;
        });
    }

    @Override
    public boolean asksByReply() {
        return channel.asksByReply();
    }

    @Override
    public MessageRef sendAsk(OutgoingText text, String placeholder) throws DeliveryException {
        return counted("send", () -> channel.sendAsk(text, placeholder));
    }

    @Override
    public MessageRef sendLink(OutgoingText text, String label, String url, boolean webApp) throws DeliveryException {
        return counted("send", () -> channel.sendLink(text, label, url, webApp));
    }

    private interface PlatformCall<T> {
        T run() throws DeliveryException;
    }

    private <T> T counted(String call, PlatformCall<T> work) throws DeliveryException {
        metrics.platformCall(platform, call);
        try {
            return work.run();
        } catch (DeliveryException.RateLimited e) {
            metrics.rateLimited(platform);
            throw e;
        }
    }
}
