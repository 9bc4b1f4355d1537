package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.message.AlbumPart;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The way of a conversation message through the replicas: queued in shared storage when it is
 * accepted, then answered one at a time and in order by whichever replica holds the
 * conversation's lock ({@link ConversationDrainer}), by {@link MessageAnswerer}. A message stays
 * queued until it has been answered, so when a replica dies (its lock lease runs out) or shuts
 * down (it hands its answers off), the next replica's sweep takes the conversation over.
 */
public final class ConversationPipeline {

    private final ConversationQueue queue;
    private final AcceptedMessages accepted = new AcceptedMessages();
    private final AnswersInFlight inFlight;
    private final ConversationDrainer drainer;
    private final AttachmentDirectory attachments;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("queue-sweeper").factory());

    public ConversationPipeline(
            ConversationQueue queue,
            ConversationLock lock,
            ChannelDirectory channels,
            AttachmentDirectory attachments,
            ActiveAnswers activeAnswers,
            Answerer answerer,
            QueuedTurns turns,
            int maxAttempts,
            ExecutorService executor) {
        this.queue = queue;
        this.attachments = attachments;
        this.inFlight = new AnswersInFlight(activeAnswers);
        this.drainer = new ConversationDrainer(
                queue, lock, channels, attachments, accepted, inFlight, answerer, turns, maxAttempts, executor);
    }

    /** What answering a queued message means ({@link MessageAnswerer}); called under the conversation's lock. */
    @FunctionalInterface
    public interface Answerer {
        /**
         * Answers a queued message. Throws {@link dev.chatbridge.core.storage.StorageUnavailableException}
         * when storage goes away before the answer began: the message then stays queued.
         */
        void answerQueued(UserMessage message, Language language, ChatChannel channel);

        /** The language to answer {@code message} in; may read storage (the user's settings). */
        default Language language(UserMessage message) {
            return Language.fromTag(message.languageCode());
        }

        /** As {@link #language(UserMessage)}, with the user's settings already read. */
        default Language language(UserMessage message, UserSettings settings) {
            return language(message);
        }

        /** Tells the user their message could not be answered after {@code attempts} tries and was set aside. */
        default void giveUp(UserMessage message, Language language, ChatChannel channel, int attempts) {}
    }

    /** How often a message is tried before it goes to the dead letters. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** Where adapters register how their files are fetched again on this replica. */
    public AttachmentDirectory attachments() {
        return attachments;
    }

    /**
     * Queues a message unless its event was seen before (false then), and starts answering its
     * conversation here if no replica is at it. A stopping replica still queues (nothing is lost)
     * but leaves the answering to the others.
     */
    boolean accept(String conversationId, UserMessage message, ChatChannel channel, @Nullable AlbumPart album) {
        AcceptedMessages.Accepted remembered = accepted.put(message, channel);
        String item =
                QueuedMessage.of(message, channel.address().orElse(null), album).json();
        boolean queued = false;
        try {
            queued = queue.enqueueIfNew(conversationId, message.platform(), message.eventId(), item);
        } finally {
            if (!queued && remembered != null) {
                accepted.forget(remembered);
            }
        }
        if (!queued) {
            return false;
        }
        drainer.startDraining(conversationId);
        return true;
    }

    /**
     * As {@link #accept}, with the access lists' verdict in the same storage step ({@link ConversationQueue#admit}),
     * which also takes the conversation's lock unless this replica is stopping. With {@code onlyConversation} (the
     * chat has no other conversation: a private chat, a thread), the chat's pacing is leased here for the answer.
     * Empty when storage cannot do it in one step: the caller then checks access and calls {@link #accept}.
     */
    Optional<ConversationQueue.Admission.Outcome> admit(
            String conversationId,
            UserMessage message,
            ChatChannel channel,
            @Nullable AlbumPart album,
            ConversationQueue.AccessQuery access,
            boolean onlyConversation) {
        AcceptedMessages.Accepted remembered = accepted.put(message, channel);
        String item =
                QueuedMessage.of(message, channel.address().orElse(null), album).json();
        Optional<ConversationQueue.Admission> admission = Optional.empty();
        try {
            ConversationQueue.Pacing pacing = onlyConversation
                    ? new ConversationQueue.Pacing(
                            channel.pacingKey(), channel.limits().minCallInterval())
                    : null;
            admission = queue.admit(
                    conversationId, message.platform(), message.eventId(), item, access, !drainer.stopping(), pacing);
        } finally {
            boolean queued =
                    admission.isPresent() && admission.get().outcome() == ConversationQueue.Admission.Outcome.QUEUED;
            if (!queued && remembered != null) {
                accepted.forget(remembered);
            }
        }
        if (admission.isEmpty()) {
            return Optional.empty();
        }
        ConversationQueue.Admission admitted = admission.get();
        if (admitted.outcome() == ConversationQueue.Admission.Outcome.QUEUED) {
            if (admitted.lock() != null && admitted.head() != null) {
                drainer.startDrainingHeld(
                        conversationId, admitted.lock(), admitted.head(), admitted.attempt(), admitted.settings());
            } else {
                drainer.startDraining(conversationId);
            }
        }
        return Optional.of(admitted.outcome());
    }

    /** Looks for conversations nobody answers (new, or left by a replica that stopped or died) every {@code tick}. */
    public void start(Duration tick) {
        sweeper.scheduleWithFixedDelay(drainer::sweep, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs one sweep now (tests). */
    void sweep() {
        drainer.sweep();
    }

    /**
     * Stops taking conversations, waits up to {@code grace} for the answers being written, then
     * hands the rest off: each is closed with a note and stays queued, and the lock is released, so
     * another replica answers it again in full. Returns when nothing is in flight, or after a
     * few more seconds.
     */
    public void stop(Duration grace) throws InterruptedException {
        drainer.stop();
        sweeper.shutdownNow();
        inFlight.handOff(grace);
    }

    /** Answers being written here right now. */
    public int inFlight() {
        return inFlight.count();
    }
}
