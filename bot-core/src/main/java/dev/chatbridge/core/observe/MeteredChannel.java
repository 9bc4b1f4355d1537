package dev.chatbridge.core.observe;

import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingImage;
import dev.chatbridge.core.delivery.OutgoingText;

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
    public MessageRef send(OutgoingText text) throws DeliveryException {
        metrics.platformCall(platform, "send");
        try {
            return channel.send(text);
        } catch (DeliveryException e) {
            throw counted(e);
        }
    }

    @Override
    public void edit(MessageRef message, OutgoingText text) throws DeliveryException {
        metrics.platformCall(platform, "edit");
        try {
            channel.edit(message, text);
        } catch (DeliveryException e) {
            throw counted(e);
        }
    }

    @Override
    public void draft(int draftId, OutgoingText text) throws DeliveryException {
        metrics.platformCall(platform, "draft");
        try {
            channel.draft(draftId, text);
        } catch (DeliveryException e) {
            throw counted(e);
        }
    }

    @Override
    public void typing() {
        channel.typing();
    }

    @Override
    public MessageRef sendImage(OutgoingImage image) throws DeliveryException {
        metrics.platformCall(platform, "image");
        try {
            return channel.sendImage(image);
        } catch (DeliveryException e) {
            throw counted(e);
        }
    }

    private DeliveryException counted(DeliveryException e) {
        if (e instanceof DeliveryException.RateLimited) {
            metrics.rateLimited(platform);
        }
        return e;
    }
}
