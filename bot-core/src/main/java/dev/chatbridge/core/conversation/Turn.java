package dev.chatbridge.core.conversation;

import java.util.Objects;

/** One message of a conversation as the model sees it. */
public record Turn(Role role, String text) {

    public enum Role {
        USER,
        ASSISTANT
    }

    public Turn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }

    public static Turn user(String text) {
        return new Turn(Role.USER, text);
    }

    public static Turn assistant(String text) {
        return new Turn(Role.ASSISTANT, text);
    }
}
