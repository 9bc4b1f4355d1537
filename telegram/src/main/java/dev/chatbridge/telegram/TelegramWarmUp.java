package dev.chatbridge.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * Builds, once at startup and beside it, the Jackson serializers and deserializers that an answer's calls need:
 * TelegramBots builds them on first use, per mapper, and on a fresh process that introspection of the method and
 * {@code Message} types delayed the first answer's first words by tens of milliseconds (hundreds on a loaded
 * machine; a JDK AOT cache holds classes, not these). It only serializes and parses samples in memory: nothing is
 * sent anywhere.
 */
final class TelegramWarmUp {

    private static final Logger log = LoggerFactory.getLogger(TelegramWarmUp.class);
    private static final String MESSAGE = """
            {"ok":true,"result":{"message_id":1,"date":1700000000,"chat":{"id":1,"type":"private","first_name":"A"},\
            "from":{"id":2,"is_bot":true,"first_name":"B"},"text":"warm-up"}}""";
    private static final String TRUE = "{\"ok\":true,\"result\":true}";

    private TelegramWarmUp() {}

    /** Runs {@link #run} on a virtual thread of its own; a failure only costs the first answer its speed. */
    static void inBackground(ObjectMapper clientMapper) {
        Thread.ofVirtual().name("telegram-warm-up").start(() -> {
            try {
                run(clientMapper);
            } catch (TelegramApiRequestException
                    | RuntimeException
                    | com.fasterxml.jackson.core.JsonProcessingException e) {
                log.debug("Warming up the Telegram client's JSON failed; the first answer builds it instead", e);
            }
        });
    }

    /**
     * Serializes an answer's calls with the client's own mapper (the one that writes requests) and parses their
     * replies with TelegramBots' shared one (the one that reads them).
     */
    static void run(ObjectMapper clientMapper)
            throws TelegramApiRequestException, com.fasterxml.jackson.core.JsonProcessingException {
        SendMessage send = SendMessage.builder()
                .chatId(1L)
                .text("<b>warm-up</b>")
                .parseMode(ParseMode.HTML)
                .build();
        EditMessageText edit = EditMessageText.builder()
                .chatId(1L)
                .messageId(1)
                .text("warm-up")
                .build();
        SendMessageDraft draft =
                SendMessageDraft.builder().chatId(1L).draftId(1).text("warm-up").build();
        SendChatAction typing = SendChatAction.builder()
                .chatId(1L)
                .action(ActionType.TYPING.toString())
                .build();
        for (PartialBotApiMethod<?> method : List.of(send, edit, draft, typing)) {
            clientMapper.writeValueAsString(method);
        }
        send.deserializeResponse(MESSAGE);
        edit.deserializeResponse(MESSAGE);
        draft.deserializeResponse(TRUE);
        typing.deserializeResponse(TRUE);
    }
}
