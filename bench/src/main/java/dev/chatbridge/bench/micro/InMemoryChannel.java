package dev.chatbridge.bench.micro;

import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A chat that keeps its messages in memory, answers at once and allows any call rate. */
final class InMemoryChannel implements ChatChannel {

    private static final ChannelLimits LIMITS = new ChannelLimits(4096, Duration.ZERO, false);

    private final List<String> messages = new ArrayList<>();

    @Override
    public ChannelLimits limits() {
        return LIMITS;
    }

    @Override
    public String pacingKey() {
        return "memory";
    }

    @Override
    public MessageRef send(OutgoingText text) {
        messages.add(text.text());
        return new MessageRef(Integer.toString(messages.size() - 1));
    }

    @Override
    public void edit(MessageRef message, OutgoingText text) {
        messages.set(Integer.parseInt(message.id()), text.text());
    }

    @Override
    public void typing() {
        // nothing to show
    }
}
