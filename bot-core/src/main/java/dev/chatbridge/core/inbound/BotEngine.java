package dev.chatbridge.core.inbound;

import dev.chatbridge.core.access.AccessControl;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ChatService;
import dev.chatbridge.core.command.Command;
import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.command.ModelPicker;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.StorageUnavailableException;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.imagine.ButtonKeys;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.observe.Correlation;
import dev.chatbridge.core.observe.MeteredChannel;
import dev.chatbridge.core.ordering.UpdateDeduplicator;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every platform's messages enter the core. {@link #onMessage} does only the quick part on
 * the caller's thread (dedupe, access, queueing in Redis), so an adapter that calls it in arrival
 * order keeps that order; the answering runs on virtual threads, one at a time per conversation,
 * on whichever replica holds the conversation ({@link ConversationWorker}).
 */
public final class BotEngine {

    private static final Logger log = LoggerFactory.getLogger(BotEngine.class);

    private final UpdateDeduplicator deduplicator;
    private final AccessControl access;
    private final ConversationWorker worker;
    private final ChatService chat;
    private final CommandHandler commands;
    private final ChatPacer pacer;
    private final BotSettings settings;
    private final ExecutorService executor;
    private final ImagineService imagine;
    private final BridgeMetrics metrics;

    public BotEngine(
            UpdateDeduplicator deduplicator,
            AccessControl access,
            ConversationWorker worker,
            ChatService chat,
            CommandHandler commands,
            ChatPacer pacer,
            BotSettings settings,
            ExecutorService executor,
            ImagineService imagine,
            BridgeMetrics metrics) {
        this.imagine = imagine;
        this.metrics = metrics;
        this.deduplicator = deduplicator;
        this.access = access;
        this.worker = worker;
        worker.answerWith(this::answerQueued);
        this.chat = chat;
        this.commands = commands;
        this.pacer = pacer;
        this.settings = settings;
        this.executor = executor;
    }

    /** Where an adapter registers how its platform's attachments are fetched again by another replica. */
    public AttachmentDirectory attachments() {
        return worker.attachments();
    }

    /**
     * Accepts a message. Conversation messages (questions and the commands that change the
     * conversation) are queued in Redis before this returns, so an adapter may acknowledge the
     * platform's update afterwards; they are answered in order, here or on another replica. The
     * returned future completes when the message is queued, or, for the other commands, handled;
     * the channel hears {@link ChatChannel#answered} when the answer is done.
     */
    public CompletableFuture<Void> onMessage(UserMessage message, ChatChannel platformChannel) {
        return onMessage(message, null, platformChannel);
    }

    /**
     * Accepts one part of an album, which is queued even when it alone does not speak to the bot
     * (in a group), because another part may. See {@link AlbumPart}.
     */
    public CompletableFuture<Void> onAlbumPart(UserMessage part, AlbumPart album, ChatChannel platformChannel) {
        return onMessage(part, album, platformChannel);
    }

    private CompletableFuture<Void> onMessage(
            UserMessage message, @Nullable AlbumPart album, ChatChannel platformChannel) {
        String correlationId = Correlation.idFor(message.platform(), message.eventId());
        try (var ignored = Correlation.open(correlationId)) {
            return accept(
                    message, album, MeteredChannel.wrap(platformChannel, message.platform(), metrics), correlationId);
        }
    }

    private CompletableFuture<Void> accept(
            UserMessage message, @Nullable AlbumPart album, ChatChannel channel, String correlationId) {
        Language language = Language.fromTag(message.languageCode());
        ConversationKey key = conversationKey(message);
        // Album parts are always queued: the parts are answered together once all are in.
        Optional<Command> command = album == null ? Command.parse(message.text()) : Optional.empty();
        metrics.updateReceived(message.platform(), command.isPresent() ? "command" : "message");
        AccessControl.Verdict verdict;
        try {
            verdict = access.check(message.userId());
            boolean queued = verdict == AccessControl.Verdict.ALLOWED
                    && (command.isEmpty()
                            || CommandHandler.SEQUENCED.contains(command.get().name()));
            boolean first = queued
                    ? worker.accept(
                            key.id(),
                            message,
                            channel,
                            deduplicator.claim(message.platform(), message.eventId()),
                            album)
                    : deduplicator.firstDelivery(message.platform(), message.eventId());
            if (!first) {
                log.debug("Skipping repeated delivery of {} event {}", message.platform(), message.eventId());
                channel.answered();
                return CompletableFuture.completedFuture(null);
            }
            if (queued) {
                return CompletableFuture.completedFuture(null);
            }
        } catch (StorageUnavailableException e) {
            metrics.redisError("inbound");
            log.error("Cannot handle {} event {}: {}", message.platform(), message.eventId(), e.getMessage());
            return runAsync(correlationId, () -> reply(channel, Text.STORAGE_DOWN.in(language)));
        }
        if (verdict != AccessControl.Verdict.ALLOWED) {
            if (album != null && !album.addressed()) {
                channel.answered();
                return CompletableFuture.completedFuture(null); // a part that does not speak to the bot
            }
            log.info("Refused {} user {}: {}", message.platform(), message.userId(), verdict);
            String refusal = verdict == AccessControl.Verdict.BLOCKED
                    ? Text.BLOCKED.in(language)
                    : Text.NOT_ALLOWED.in(language, message.userId());
            return runAsync(correlationId, () -> reply(channel, refusal));
        }
        return runAsync(correlationId, () -> handle(message, key, command.get(), language, channel));
    }

    /** Answers a queued message; runs under the conversation's lock (see {@link ConversationWorker}). */
    private void answerQueued(UserMessage message, ChatChannel channel) {
        try (var ignored = Correlation.open(Correlation.idFor(message.platform(), message.eventId()))) {
            handle(
                    message,
                    conversationKey(message),
                    Command.parse(message.text()).orElse(null),
                    Language.fromTag(message.languageCode()),
                    channel);
        }
    }

    /**
     * A button press. Returns at once with the short notice the platform shows to the presser
     * (it must answer within seconds); any long work continues in the background.
     */
    public String onButton(ButtonPress press, ChatChannel platformChannel) {
        Language language = Language.fromTag(press.languageCode());
        metrics.updateReceived(press.platform(), "button");
        ChatChannel channel = MeteredChannel.wrap(platformChannel, press.platform(), metrics);
        try (var ignored = Correlation.open(Correlation.idFor(press.platform(), press.eventId()))) {
            if (!deduplicator.firstDelivery(press.platform(), press.eventId())) {
                return "";
            }
            if (!access.allows(press.userId())) {
                return Text.NOT_ALLOWED.in(language, press.userId());
            }
            if (press.key().startsWith(ButtonKeys.PREFIX)) {
                return imagine.press(press, channel, language);
            }
            if (press.key().startsWith(ModelPicker.PREFIX)) {
                return commands.pressModelButton(press, language);
            }
            return Text.BUTTON_EXPIRED.in(language);
        } catch (StorageUnavailableException e) {
            metrics.redisError("inbound");
            log.error("Storage unavailable for a button press: {}", e.getMessage());
            return Text.STORAGE_DOWN.in(language);
        }
    }

    public ConversationKey conversationKey(UserMessage message) {
        boolean shared = message.chatKind() == UserMessage.ChatKind.THREAD
                || (message.inGroup() && settings.sharedGroupContext());
        String owner = shared ? ConversationKey.SHARED : message.userId();
        return new ConversationKey(message.platform(), message.chatId(), owner);
    }

    private void handle(
            UserMessage message,
            ConversationKey key,
            @Nullable Command command,
            Language language,
            ChatChannel channel) {
        try {
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
            reply(channel, Text.STORAGE_DOWN.in(language));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.answered();
        }
    }

    private void reply(ChatChannel channel, String markdown) {
        try {
            StreamingReply.deliverComplete(channel, pacer, markdown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<Void> runAsync(String correlationId, Runnable work) {
        return CompletableFuture.runAsync(
                Correlation.carrying(correlationId, () -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        log.error("Handling a message failed", e);
                    }
                }),
                executor);
    }
}
