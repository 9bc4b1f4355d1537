package dev.chatbridge.core.command;

import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;

/** One use of a command: what was typed, by whom, in which conversation, and where to answer. */
record CommandCall(
        CommandSpec spec,
        Command command,
        UserMessage message,
        ConversationKey key,
        Language language,
        ChatChannel channel) {

    String argument() {
        return command.argument();
    }

    boolean hasArgument() {
        return command.hasArgument();
    }
}
