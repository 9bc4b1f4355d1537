package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.command.Command;
import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.UnsupportedMessage;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.observe.Correlation;
import dev.chatbridge.core.storage.StorageUnavailableException;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one message in its conversation: a question goes to the chat, a command to its handler,
 * and whatever they return is delivered. The channel hears {@link ChatChannel#answered} at the end.
 */
public final class MessageAnswerer implements ConversationPipeline.Answerer {

    private static final Logger log = LoggerFactory.getLogger(MessageAnswerer.class);

    private final ChatService chat;
    private final CommandHandler commands;
    private final ChatPacer pacer;
    private final BotSettings settings;
    private final BridgeMetrics metrics;
    private final ChannelDirectory channels;
    private final ConversationStore store;

    public MessageAnswerer(
            ChatService chat,
            CommandHandler commands,
            ChatPacer pacer,
            BotSettings settings,
            BridgeMetrics metrics,
            ChannelDirectory channels,
            ConversationStore store) {
        this.chat = chat;
        this.channels = channels;
        this.store = store;
        this.commands = commands;
        this.pacer = pacer;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * The conversation a message belongs to: the user's own, or, in a thread the bot opened (and in
     * groups whose admins chose shared context, or by the operator's default), everyone's. Reads
     * storage for group messages only.
     */
    ConversationKey conversationKey(UserMessage message) {
        boolean shared = switch (message.chatKind()) {
            case PRIVATE -> false;
            case THREAD -> true;
            case GROUP -> {
                Boolean chosen = store.groupSharedContext(message.platform(), message.chatId());
                yield chosen != null ? chosen : settings.sharedGroupContext();
            }
        };
        String owner = shared ? ConversationKey.SHARED : message.userId();
        return new ConversationKey(message.platform(), message.chatId(), owner);
    }

    /**
     * The language a reply to this user is written in: the one they chose with {@code /language},
     * else their client's. Read once per message, before anything is said (the quota and picture
     * checks speak before the turn loads the settings).
     */
    @Override
    public Language language(UserMessage message) {
        return language(message.platform(), message.userId(), message.languageCode());
    }

    @Override
    public Language language(UserMessage message, UserSettings settings) {
        return settings.languageOr(Language.fromTag(message.languageCode()));
    }

    /** As {@link #language(UserMessage)} for a button press. */
    Language language(ButtonPress press) {
        return language(press.platform(), press.userId(), press.languageCode());
    }

    /** As {@link #language(UserMessage)} for a message the bot cannot read. */
    Language language(UnsupportedMessage message) {
        return language(message.platform(), message.userId(), message.languageCode());
    }

    private Language language(String platform, String userId, @Nullable String clientTag) {
        return store.settings(platform, userId).languageOr(Language.fromTag(clientTag));
    }

    /** Answers a queued message; runs under the conversation's lock (see {@link ConversationDrainer}). */
    @Override
    public void answerQueued(UserMessage message, Language language, ChatChannel channel) {
        try (var ignored = Correlation.open(Correlation.idFor(message.platform(), message.eventId()))) {
            answer(
                    message,
                    conversationKey(message),
                    Command.parse(message.text()).orElse(null),
                    language,
                    channel,
                    true);
        }
    }

    @Override
    public void giveUp(UserMessage message, Language language, ChatChannel channel, int attempts) {
        try (var ignored = Correlation.open(Correlation.idFor(message.platform(), message.eventId()))) {
            reply(channel, Text.GAVE_UP.in(language, attempts));
        } finally {
            channel.answered();
        }
    }

    /** Answers {@code message} at once (a command that does not queue), a question when {@code command} is null. */
    void answer(UserMessage message, ConversationKey key, @Nullable Command command, ChatChannel channel) {
        Language language;
        try {
            language = language(message);
        } catch (StorageUnavailableException e) {
            metrics.redisError("conversation");
            reply(channel, Text.STORAGE_DOWN.in(Language.fromTag(message.languageCode())));
            channel.answered();
            return;
        }
        answer(message, key, command, language, channel, false);
    }

    /**
     * As above. A queued message that meets unavailable storage is not told so: the exception goes to
     * the drainer, which leaves the message queued, and it is answered once storage is back.
     */
    private void answer(
            UserMessage message,
            ConversationKey key,
            @Nullable Command command,
            Language language,
            ChatChannel channel,
            boolean queued) {
        try {
            channel.answeringIn(language, message.languageCode());
            if (command == null) {
                chat.answer(key, message.userId(), message.text(), message.attachments(), channel, language);
                return;
            }
            String answer = commands.handle(command, message, key, language, channel);
            if (answer != null) {
                reply(channel, answer);
            }
        } catch (StorageUnavailableException e) {
            metrics.redisError("conversation");
            log.error("Storage unavailable for {}: {}", key.id(), e.getMessage());
            if (queued) {
                throw e;
            }
            reply(channel, Text.STORAGE_DOWN.in(language));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            followMove(key);
            channel.answered();
        }
    }

    /**
     * The chat's conversations were moved when the adapter found the chat under a new id (a Telegram
     * group that became a supergroup while this message was answered); the answer was saved under the
     * old id after that, so it is moved once more to join them. Messages still queued under the old id
     * are answered the same way, through the new id, until that queue is empty.
     */
    private void followMove(ConversationKey key) {
        channels.movedTo(key.platform(), key.chatId()).ifPresent(to -> {
            try {
                store.move(key, key.inChat(to));
            } catch (StorageUnavailableException e) {
                metrics.redisError("conversation");
                log.error("Could not move {} to chat {}: {}", key.id(), to, e.getMessage());
            }
        });
    }

    /** Delivers a finished text (a refusal, a command's answer) at the chat's pace. */
    void reply(ChatChannel channel, String markdown) {
        try {
            StreamingReply.deliverComplete(channel, pacer, markdown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
