package dev.chatbridge.core.delivery;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What delivering one answer took: platform calls made, when text first became visible, the messages. */
public record DeliveryOutcome(int platformCalls, @Nullable Instant firstVisibleAt, List<MessageRef> messages) {
    public DeliveryOutcome {
        messages = List.copyOf(messages);
    }
}
