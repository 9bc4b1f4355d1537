package dev.chatbridge.telegram;

import dev.chatbridge.core.delivery.ChannelDirectory;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/** The chat channel to answer in, for a message, a button press or a background delivery to a stored address. */
final class TelegramChats {

    private final TelegramClient client;
    private final TelegramSettings settings;
    private final CommandMenus menus;
    private final MigratingChat.Migrations migrations;

    TelegramChats(
            TelegramClient client, TelegramSettings settings, CommandMenus menus, MigratingChat.Migrations migrations) {
        this.client = client;
        this.settings = settings;
        this.menus = menus;
        this.migrations = migrations;
    }

    /** For background deliveries (the Midjourney watcher): the chat from its stored address alone. */
    TelegramChatChannel resolve(ChannelDirectory.Address address) {
        Integer replyTo = address.replyToMessageId() == null ? null : Integer.valueOf(address.replyToMessageId());
        return byId(TelegramPlace.parse(address.chatId()), replyTo);
    }

    /** A chat known only by its id: Telegram chat ids are positive for private chats and negative for groups. */
    TelegramChatChannel byId(TelegramPlace place, @Nullable Integer replyTo) {
        return new TelegramChatChannel(client, place, place.chatId() > 0, replyTo, settings, menus, migrations);
    }

    /**
     * The answer to a message: in a group it replies to the message (in its forum topic, if any), in a private
     * chat it just follows it.
     */
    TelegramChatChannel answering(Message message) {
        boolean privateChat = "private".equals(message.getChat().getType());
        return new TelegramChatChannel(
                client,
                TelegramPlace.of(message),
                privateChat,
                privateChat ? null : message.getMessageId(),
                settings,
                menus,
                migrations);
    }
}
