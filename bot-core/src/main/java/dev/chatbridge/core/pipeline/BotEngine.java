package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.access.AccessControl;
import dev.chatbridge.core.command.Command;
import dev.chatbridge.core.command.CommandHandler;
import dev.chatbridge.core.command.ModelPicker;
import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.imagine.AskKeys;
import dev.chatbridge.core.imagine.FormOpening;
import dev.chatbridge.core.imagine.ImagineService;
import dev.chatbridge.core.message.AlbumPart;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.message.ButtonPress;
import dev.chatbridge.core.message.InboundEvent;
import dev.chatbridge.core.message.PromptReply;
import dev.chatbridge.core.message.UnsupportedMessage;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.observe.BridgeMetrics;
import dev.chatbridge.core.observe.Correlation;
import dev.chatbridge.core.observe.MeteredChannel;
import dev.chatbridge.core.storage.StorageUnavailableException;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every platform's events enter the core. {@link #accept} does only the quick part on the
 * caller's thread (dedupe, access, queueing in shared storage), so an adapter that calls it in
 * arrival order keeps that order; the answering runs on virtual threads, one at a time per
 * conversation, on whichever replica holds the conversation ({@link ConversationPipeline}).
 */
public final class BotEngine {

    private static final Logger log = LoggerFactory.getLogger(BotEngine.class);

    private final UpdateDeduplicator deduplicator;
    private final AccessControl access;
    private final ConversationPipeline pipeline;
    private final MessageAnswerer answerer;
    private final CommandHandler commands;
    private final ImagineService imagine;
    private final ExecutorService executor;
    private final BridgeMetrics metrics;
    private final Runnable awaitReady;

    /**
     * {@code awaitReady}: what every event waits for first, the core's first contact with shared storage, which runs
     * beside the startup (it returns at once when that is done).
     */
    public BotEngine(
            UpdateDeduplicator deduplicator,
            AccessControl access,
            ConversationPipeline pipeline,
            MessageAnswerer answerer,
            CommandHandler commands,
            ImagineService imagine,
            ExecutorService executor,
            BridgeMetrics metrics,
            Runnable awaitReady) {
        this.deduplicator = deduplicator;
        this.access = access;
        this.pipeline = pipeline;
        this.answerer = answerer;
        this.commands = commands;
        this.imagine = imagine;
        this.executor = executor;
        this.metrics = metrics;
        this.awaitReady = awaitReady;
    }

    /** Where an adapter registers how its platform's attachments are fetched again by another replica. */
    public AttachmentDirectory attachments() {
        return pipeline.attachments();
    }

    /**
     * Accepts an event. Conversation messages (questions, album parts and the commands that change
     * the conversation) are queued in shared storage before this returns, so an adapter may
     * acknowledge the platform's update afterwards; they are answered in order, here or on another
     * replica, and the channel hears {@link ChatChannel#answered} when the answer is done. For a
     * button press the reception holds the short notice the platform shows to the presser, while
     * any long work continues in the background. See {@link Reception} for what an adapter must do
     * when shared storage is unreachable.
     */
    public Reception accept(InboundEvent event, ChatChannel platformChannel) {
        awaitReady.run();
        ChatChannel channel = MeteredChannel.wrap(platformChannel, event.platform(), metrics);
        String correlationId = Correlation.idFor(event.platform(), event.eventId());
        try (var ignored = Correlation.open(correlationId)) {
            return switch (event) {
                case UserMessage message -> acceptMessage(message, null, channel, correlationId);
                case AlbumPart part -> acceptMessage(part.message(), part, channel, correlationId);
                case ButtonPress press -> press(press, channel);
                case UnsupportedMessage unsupported -> unsupported(unsupported, channel, correlationId);
                case PromptReply reply -> reply(reply, channel, correlationId);
            };
        }
    }

    private Reception acceptMessage(
            UserMessage message, @Nullable AlbumPart album, ChatChannel channel, String correlationId) {
        // Refusals speak the client's language: no storage read for someone who is not let in.
        Language language = Language.fromTag(message.languageCode());
        ConversationKey key = null;
        // Album parts are always queued: the parts are answered together once all are in.
        Optional<Command> command = album == null ? Command.parse(message.text()) : Optional.empty();
        metrics.updateReceived(message.platform(), command.isPresent() ? "command" : "message");
        AccessControl.Verdict verdict;
        boolean inOrder =
                command.isEmpty() || CommandHandler.queuesInOrder(command.get().name());
        try {
            Optional<ConversationQueue.Admission.Outcome> admitted = Optional.empty();
            if (inOrder && message.chatKind() != UserMessage.ChatKind.GROUP) {
                // Outside groups the conversation needs no storage read, so access, dedupe, queueing and the
                // conversation's lock are one step. A private chat has no other conversation, so its pacing can
                // be leased to the replica that answers (a Telegram forum's topics share their chat's pacing).
                key = answerer.conversationKey(message);
                admitted = pipeline.admit(
                        key.id(),
                        message,
                        channel,
                        album,
                        new ConversationQueue.AccessQuery(
                                message.userId(),
                                access.isAdmin(message.userId()),
                                access.opensWithoutLists(message.userId(), message.places())),
                        message.chatKind() == UserMessage.ChatKind.PRIVATE);
            }
            if (admitted.isPresent()) {
                switch (admitted.get()) {
                    case QUEUED -> {
                        return Reception.TAKEN;
                    }
                    case REPEATED -> {
                        log.debug("Skipping repeated delivery of {} event {}", message.platform(), message.eventId());
                        channel.answered();
                        return Reception.REPEATED;
                    }
                    case BLOCKED -> verdict = AccessControl.Verdict.BLOCKED;
                    case NOT_ON_ALLOWLIST -> verdict = AccessControl.Verdict.NOT_ON_ALLOWLIST;
                    default -> throw new IllegalStateException("unknown admission " + admitted.get());
                }
            } else {
                verdict = access.check(message.userId(), message.places());
                // Read after the access check: a group's context choice is in storage.
                key = verdict == AccessControl.Verdict.ALLOWED ? answerer.conversationKey(message) : null;
                boolean queued = verdict == AccessControl.Verdict.ALLOWED && inOrder;
                boolean first = queued
                        ? pipeline.accept(key.id(), message, channel, album)
                        : deduplicator.firstDelivery(message.platform(), message.eventId());
                if (!first) {
                    log.debug("Skipping repeated delivery of {} event {}", message.platform(), message.eventId());
                    channel.answered();
                    return Reception.REPEATED;
                }
                if (queued) {
                    return Reception.TAKEN;
                }
            }
        } catch (StorageUnavailableException e) {
            metrics.redisError("inbound");
            // Nothing is said here: the adapter has the platform deliver the event again (Telegram),
            // or keeps it until storage is back and says the answer will be late (Discord).
            log.warn(
                    "Not taking {} event {} while storage is unavailable: {}",
                    message.platform(),
                    message.eventId(),
                    e.getMessage());
            return Reception.STORAGE_UNAVAILABLE;
        }
        if (verdict != AccessControl.Verdict.ALLOWED) {
            if (album != null && !album.addressed()) {
                channel.answered();
                return Reception.TAKEN; // a part that does not speak to the bot
            }
            log.info("Refused {} user {}: {}", message.platform(), message.userId(), verdict);
            String refusal = verdict == AccessControl.Verdict.BLOCKED
                    ? Text.BLOCKED.in(language)
                    : Text.NOT_ALLOWED.in(language, message.userId());
            runAsync(correlationId, () -> answerer.reply(channel, refusal));
            return Reception.TAKEN;
        }
        ConversationKey answered = key;
        runAsync(correlationId, () -> answerer.answer(message, answered, command.get(), channel));
        return Reception.TAKEN;
    }

    /** Says, once per delivery, what the bot can read instead: nobody is met with silence. */
    private Reception unsupported(UnsupportedMessage message, ChatChannel channel, String correlationId) {
        metrics.updateReceived(message.platform(), "unsupported");
        try {
            if (!deduplicator.firstDelivery(message.platform(), message.eventId())) {
                channel.answered();
                return Reception.REPEATED;
            }
            AccessControl.Verdict verdict = access.check(message.userId());
            Language language = verdict == AccessControl.Verdict.ALLOWED
                    ? answerer.language(message)
                    : Language.fromTag(message.languageCode());
            String reply = switch (verdict) {
                case ALLOWED -> Text.UNSUPPORTED_MESSAGE.in(language);
                case BLOCKED -> Text.BLOCKED.in(language);
                case NOT_ON_ALLOWLIST -> Text.NOT_ALLOWED.in(language, message.userId());
            };
            log.debug("A {} message of kind {} cannot be read", message.platform(), message.kind());
            runAsync(correlationId, () -> answerer.reply(channel, reply));
            return Reception.TAKEN;
        } catch (StorageUnavailableException e) {
            metrics.redisError("inbound");
            log.warn("Not taking {} event {} while storage is unavailable", message.platform(), message.eventId());
            return Reception.STORAGE_UNAVAILABLE;
        }
    }

    /** Decides a button press at once (the platform wants its answer within seconds). */
    private Reception press(ButtonPress press, ChatChannel channel) {
        Language language = Language.fromTag(press.languageCode());
        metrics.updateReceived(press.platform(), "button");
        try {
            if (!deduplicator.firstDelivery(press.platform(), press.eventId())) {
                return Reception.REPEATED;
            }
            if (!access.allows(press.userId(), press.places())) {
                return Reception.taken(Text.NOT_ALLOWED.in(language, press.userId()));
            }
            language = answerer.language(press);
            if (AskKeys.imagineKey(press.key())) {
                return Reception.taken(imagine.press(press, channel, language));
            }
            if (press.key().startsWith(ModelPicker.PREFIX)) {
                return Reception.taken(commands.pressModelButton(press, channel, language));
            }
            if (CommandHandler.isSettingsButton(press.key())) {
                return Reception.taken(commands.pressSettingsButton(press, channel, language));
            }
            return Reception.taken(Text.BUTTON_EXPIRED.in(language));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reception.taken(Text.BUTTON_EXPIRED.in(language));
        } catch (StorageUnavailableException e) {
            metrics.redisError("inbound");
            log.error("Storage unavailable for a button press: {}", e.getMessage());
            return new Reception(Reception.Outcome.STORAGE_UNAVAILABLE, Text.STORAGE_DOWN.in(language));
        }
    }

    /**
     * A message that may answer a question of the bot (a reply to its message, a submitted form). One that answers
     * no question is an ordinary message. A reply in the chat is answered in the chat; a form gets a notice.
     */
    private Reception reply(PromptReply reply, ChatChannel channel, String correlationId) {
        UserMessage message = reply.message();
        Language language = Language.fromTag(message.languageCode());
        boolean inChat = reply.repliedMessageId() != null;
        try {
            boolean forSettings = commands.answersSettings(reply);
            if (inChat && !forSettings && !imagine.answers(reply)) {
                return acceptMessage(message, null, channel, correlationId);
            }
            metrics.updateReceived(message.platform(), "answer");
            if (!deduplicator.firstDelivery(message.platform(), message.eventId())) {
                channel.answered();
                return Reception.REPEATED;
            }
            if (!access.allows(message.userId(), message.places())) {
                String refusal = Text.NOT_ALLOWED.in(language, message.userId());
                if (!inChat) {
                    return Reception.taken(refusal);
                }
                runAsync(correlationId, () -> answerer.reply(channel, refusal));
                return Reception.TAKEN;
            }
            Optional<String> answered = forSettings
                    ? Optional.of(commands.answerSettings(reply, answerer.language(message)))
                    : imagine.answer(reply, channel, answerer.language(message));
            if (answered.isEmpty()) {
                return acceptMessage(message, null, channel, correlationId); // the ask went away meanwhile
            }
            if (!inChat) {
                return Reception.taken(answered.get());
            }
            String notice = answered.get();
            runAsync(correlationId, () -> {
                if (!notice.isEmpty()) {
                    answerer.reply(channel, notice);
                } else {
                    channel.answered();
                }
            });
            return Reception.TAKEN;
        } catch (StorageUnavailableException e) {
            metrics.redisError("inbound");
            log.warn("Not taking {} event {} while storage is unavailable", message.platform(), message.eventId());
            return Reception.STORAGE_UNAVAILABLE;
        }
    }

    /**
     * The form a button opens where the platform shows one as the press's first answer (Discord's modal), decided at
     * once: it reads shared storage, never the proxy. Empty, with the notice to show instead, when it may not open.
     */
    public FormOpening form(ButtonPress press) {
        awaitReady.run();
        Language language = Language.fromTag(press.languageCode());
        try {
            if (!access.allows(press.userId(), press.places())) {
                return new FormOpening(null, Text.NOT_ALLOWED.in(language, press.userId()));
            }
            if (CommandHandler.opensSettingsForm(press.key())) {
                return FormOpening.of(commands.settingsForm(press, answerer.language(press)));
            }
            return imagine.form(press, answerer.language(press));
        } catch (StorageUnavailableException e) {
            metrics.redisError("inbound");
            return new FormOpening(null, Text.STORAGE_DOWN.in(language));
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
