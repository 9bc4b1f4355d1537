package dev.chatbridge.testsupport.telegram;

import java.util.Objects;

/** One entry of a {@code setMyCommands} list. */
public record BotCommandEntry(String command, String description) {

    public BotCommandEntry {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(description, "description");
    }
}
