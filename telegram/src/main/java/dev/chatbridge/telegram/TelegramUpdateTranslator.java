package dev.chatbridge.telegram;

import dev.chatbridge.core.command.Command;
import dev.chatbridge.core.command.CommandSpec;
import dev.chatbridge.core.command.Commands;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.UnsupportedMessage;
import dev.chatbridge.core.message.UserMessage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Decides whether an update is addressed to the bot and turns it into a core {@link UserMessage}.
 * Private chats: every text, photo, file or recording. Groups: a mention of the bot (in a text or a caption),
 * a reply to one of its messages, or a command that is either unqualified or qualified with this
 * bot's name. Forwarded messages count like the user's own.
 */
final class TelegramUpdateTranslator {

    static final String PLATFORM = "tg";

    private final long botId;
    private final String botMention;
    private final TelegramFiles files;

    TelegramUpdateTranslator(long botId, String botUsername, TelegramFiles files) {
        this.botId = botId;
        this.files = files;
        this.botMention = "@" + botUsername.toLowerCase(Locale.ROOT);
    }

    Optional<UserMessage> translate(Update update) {
        return translate(update, false);
    }

    /**
     * Translates a message: its text or caption, and its photo or file, or else the photo of the
     * message it replies to. A photo that replies to a text quotes that text. With {@code albumPart},
     * the addressing check is left to the album as a whole ({@link #addressesBot}).
     */
    Optional<UserMessage> translate(Update update, boolean albumPart) {
        Message message = update.getMessage();
        if (message == null
                || message.getFrom() == null
                || Boolean.TRUE.equals(message.getFrom().getIsBot())) {
            return Optional.empty();
        }
        boolean privateChat = "private".equals(message.getChat().getType());
        String text = textOf(message);
        List<MessageEntity> entities = entitiesOf(message);
        List<Attachment> own = attachmentsOf(message);
        Optional<String> command = leadingCommand(text, entities);
        if (command.isPresent()
                && command.get().contains("@")
                && !command.get().toLowerCase(Locale.ROOT).endsWith(botMention)) {
            return Optional.empty(); // a command for another bot
        }
        if (!albumPart && !privateChat && !addressesBot(message)) {
            return Optional.empty();
        }
        String cleaned = stripMention(text).strip();
        Message replied = message.getReplyToMessage();
        List<Attachment> attachments = own;
        if (own.isEmpty() && replied != null && (command.isEmpty() || takesPictures(command.get()))) {
            // A question about a photo sent earlier, or a command that works on it (/describe as a reply).
            attachments = attachmentsOf(replied);
        } else if (!own.isEmpty() && replied != null && replied.getText() != null) {
            cleaned = UserMessage.quoting(replied.getText(), cleaned); // a photo about an earlier text
        }
        if (cleaned.isEmpty() && attachments.isEmpty()) {
            return Optional.empty();
        }
        User from = message.getFrom();
        return Optional.of(new UserMessage(
                PLATFORM,
                // update_id is unique per bot only; bots may share one Redis.
                botId + "-" + update.getUpdateId(),
                TelegramPlace.of(message).coreId(),
                privateChat ? UserMessage.ChatKind.PRIVATE : UserMessage.ChatKind.GROUP,
                Long.toString(from.getId()),
                from.getFirstName() == null ? "" : from.getFirstName(),
                from.getLanguageCode(),
                cleaned,
                attachments,
                // The group, not the topic, is what BOT_ALLOWED_CHATS names.
                List.of(Long.toString(message.getChatId()))));
    }

    /**
     * A message the bot cannot read (a sticker, a location, a poll...), when it speaks to the bot: in a
     * private chat, or in a group as a reply to the bot. Service messages (members joining, pins) are not
     * messages anyone wrote, and get nothing.
     */
    Optional<UnsupportedMessage> unsupported(Update update) {
        Message message = update.getMessage();
        if (message == null
                || message.getFrom() == null
                || Boolean.TRUE.equals(message.getFrom().getIsBot())
                || !textOf(message).isBlank()
                || !addressesBot(message)) {
            return Optional.empty();
        }
        return unreadableKind(message)
                .map(kind -> new UnsupportedMessage(
                        PLATFORM,
                        botId + "-" + update.getUpdateId(),
                        Long.toString(message.getChatId()),
                        Long.toString(message.getFrom().getId()),
                        message.getFrom().getLanguageCode(),
                        kind));
    }

    private static Optional<String> unreadableKind(Message message) {
        if (message.hasSticker()) {
            return Optional.of("sticker");
        }
        if (message.getVenue() != null) {
            return Optional.of("venue");
        }
        if (message.hasLocation()) {
            return Optional.of("location");
        }
        if (message.hasPoll()) {
            return Optional.of("poll");
        }
        if (message.hasContact()) {
            return Optional.of("contact");
        }
        if (message.hasDice()) {
            return Optional.of("dice");
        }
        if (message.hasGame()) {
            return Optional.of("game");
        }
        if (message.hasVideo()) {
            return Optional.of("video");
        }
        if (message.hasAnimation()) {
            return Optional.of("animation");
        }
        if (message.hasStory()) {
            return Optional.of("story");
        }
        if (message.hasPaidMedia()) {
            return Optional.of("paid_media");
        }
        if (message.hasChecklist()) {
            return Optional.of("checklist");
        }
        return Optional.empty();
    }

    /** In groups the bot answers a command, a mention, or a reply to one of its messages. */
    boolean addressesBot(Message message) {
        if ("private".equals(message.getChat().getType())) {
            return true;
        }
        String text = textOf(message);
        List<MessageEntity> entities = entitiesOf(message);
        return leadingCommand(text, entities).isPresent() || mentionsBot(text, entities) || repliesToBot(message);
    }

    private List<Attachment> attachmentsOf(Message message) {
        if (message.getPhoto() != null && !message.getPhoto().isEmpty()) {
            return List.of(TelegramAttachment.photo(files, message.getPhoto()));
        }
        if (message.getDocument() != null) {
            return List.of(TelegramAttachment.document(files, message.getDocument()));
        }
        if (message.hasVoice()) {
            return List.of(TelegramAttachment.voice(files, message.getVoice()));
        }
        if (message.hasAudio()) {
            return List.of(TelegramAttachment.audio(files, message.getAudio()));
        }
        if (message.hasVideoNote()) {
            return List.of(TelegramAttachment.videoNote(files, message.getVideoNote()));
        }
        return List.of();
    }

    /** Whether the command ({@code /describe}, {@code /describe@bot}) reads the pictures sent with it. */
    private static boolean takesPictures(String command) {
        return Command.parse(command)
                .flatMap(parsed -> Commands.find(parsed.name()))
                .map(CommandSpec::takesPictures)
                .orElse(false);
    }

    private static String textOf(Message message) {
        if (message.getText() != null) {
            return message.getText();
        }
        return message.getCaption() == null ? "" : message.getCaption();
    }

    private static List<MessageEntity> entitiesOf(Message message) {
        List<MessageEntity> entities = message.getText() != null ? message.getEntities() : message.getCaptionEntities();
        return entities == null ? List.of() : entities;
    }

    ButtonPress translate(CallbackQuery query) {
        return new ButtonPress(
                PLATFORM,
                botId + "-cb-" + query.getId(),
                TelegramPlace.of(query.getMessage()).coreId(),
                Long.toString(query.getFrom().getId()),
                query.getFrom().getLanguageCode(),
                query.getData(),
                Integer.toString(query.getMessage().getMessageId()),
                List.of(Long.toString(query.getMessage().getChatId())));
    }

    private static Optional<String> leadingCommand(String text, List<MessageEntity> entities) {
        return entities.stream()
                .filter(entity -> "bot_command".equals(entity.getType()) && entity.getOffset() == 0)
                .findFirst()
                .map(entity -> text.substring(0, Math.min(text.length(), entity.getLength())));
    }

    private boolean mentionsBot(String text, List<MessageEntity> entities) {
        return entities.stream()
                .filter(entity -> "mention".equals(entity.getType()))
                .map(entity -> entitySlice(text, entity))
                .anyMatch(mention -> mention.equalsIgnoreCase(botMention));
    }

    /** The id of the bot's message this one replies to (which may be a question it asked), or null. */
    @org.jspecify.annotations.Nullable
    Integer repliedBotMessageId(Message message) {
        return repliesToBot(message) ? message.getReplyToMessage().getMessageId() : null;
    }

    private boolean repliesToBot(Message message) {
        Message replied = message.getReplyToMessage();
        return replied != null && replied.getFrom() != null && replied.getFrom().getId() == botId;
    }

    /** Removes "@botname" wherever it appears, case-insensitively, including in "/cmd@botname". */
    private String stripMention(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String lower = text.toLowerCase(Locale.ROOT);
        int from = 0;
        int at;
        while ((at = lower.indexOf(botMention, from)) >= 0) {
            int end = at + botMention.length();
            boolean wholeWord = end == text.length() || !isUsernameChar(text.charAt(end));
            out.append(text, from, wholeWord ? at : end);
            from = end;
        }
        return out.append(text.substring(from)).toString();
    }

    private static boolean isUsernameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String entitySlice(String text, MessageEntity entity) {
        int start = Math.min(entity.getOffset(), text.length());
        int end = Math.min(entity.getOffset() + entity.getLength(), text.length());
        return text.substring(start, end);
    }
}
