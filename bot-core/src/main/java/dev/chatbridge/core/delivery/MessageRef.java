package dev.chatbridge.core.delivery;

import java.util.Objects;

/** A platform message the bot sent, by the platform's own id. */
public record MessageRef(String id) {
    public MessageRef {
        Objects.requireNonNull(id, "id");
    }
}
