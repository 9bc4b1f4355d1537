package dev.chatbridge.core.command;

import org.jspecify.annotations.Nullable;

/** What a command does; returns the reply to deliver, or null when it answered by itself. */
@FunctionalInterface
interface CommandAction {
    @Nullable
    String run(CommandCall call) throws InterruptedException;
}
