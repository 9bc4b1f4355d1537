package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.conversation.UserSettings;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.message.AttachmentDirectory;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.storage.StorageUnavailableException;
import dev.chatbridge.core.text.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each conversation's queued messages one at a time and in order, under the conversation's
 * lock, on whichever replica takes it: the one that accepted a message starts at once, and the
 * sweep takes over conversations nobody answers (new, or left by a replica that stopped or died).
 */
final class ConversationDrainer {

    private static final Logger log = LoggerFactory.getLogger(ConversationDrainer.class);
    private static final int SWEEP_BATCH = 200;

    private final ConversationQueue queue;
    private final ConversationLock lock;
    private final ChannelDirectory channels;
    private final AttachmentDirectory attachments;
    private final AcceptedMessages accepted;
    private final AlbumCollector albums;
    private final AnswersInFlight inFlight;
    private final ConversationPipeline.Answerer answerer;
    private final QueuedTurns turns;
    private final int maxAttempts;
    private final ExecutorService executor;
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    /** Conversations to look at once more when their drain here ends: work came while this replica drained it. */
    private final Set<String> again = ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;

    ConversationDrainer(
            ConversationQueue queue,
            ConversationLock lock,
            ChannelDirectory channels,
            AttachmentDirectory attachments,
            AcceptedMessages accepted,
            AnswersInFlight inFlight,
            ConversationPipeline.Answerer answerer,
            QueuedTurns turns,
            int maxAttempts,
            ExecutorService executor) {
        this.queue = queue;
        this.lock = lock;
        this.channels = channels;
        this.attachments = attachments;
        this.accepted = accepted;
        this.albums = new AlbumCollector(queue);
        this.inFlight = inFlight;
        this.answerer = answerer;
        this.turns = turns;
        this.maxAttempts = maxAttempts;
        this.executor = executor;
    }

    /** Takes no more conversations; what is being answered finishes or is handed off. */
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Looks for conversations with messages waiting whose lock nobody holds, and answers them here. */
    void sweep() {
        try {
            List<String> waiting = new ArrayList<>(queue.waiting(SWEEP_BATCH));
            waiting.removeIf(draining::contains);
            lock.unheld(waiting).forEach(this::startDraining);
            accepted.expire();
        } catch (RuntimeException e) {
            log.warn("Looking for waiting conversations failed: {}", e.getMessage());
        }
    }

    void startDraining(String conversationId) {
        if (stopping) {
            return;
        }
        try {
            executor.execute(() -> drain(conversationId));
        } catch (RejectedExecutionException e) {
            log.debug("Not answering {} here: shutting down", conversationId);
        }
    }

    /**
     * Answers a conversation whose lock was taken in the step that queued its message
     * ({@link ConversationQueue#admit}), starting with {@code head}, for which {@code attempt} was counted.
     */
    void startDrainingHeld(
            String conversationId,
            ConversationLock.Held lease,
            String head,
            int attempt,
            @Nullable UserSettings settings) {
        try {
            executor.execute(() -> drainAdmitted(conversationId, lease, new Known(head, attempt, settings)));
        } catch (RejectedExecutionException e) {
            log.debug("Not answering {} here: shutting down", conversationId);
            withdrawQuietly(conversationId, head);
            lease.close();
        }
    }

    /** What the step that took the lock read: the head item, its counted attempt and its user's settings. */
    private record Known(String head, int attempt, @Nullable UserSettings settings) {}

    private void drainAdmitted(String conversationId, ConversationLock.Held lease, Known known) {
        try {
            // A thread here may still be leaving this conversation: it let go of the lock, which is how the
            // step that queued this message got it. It holds nothing in Redis, so the wait is short.
            while (!draining.add(conversationId)) {
                Thread.sleep(1);
            }
            try (lease) {
                drainHeld(conversationId, lease, known);
            } finally {
                draining.remove(conversationId);
            }
            if (again.remove(conversationId)) {
                drain(conversationId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lease.close();
        } catch (RuntimeException e) {
            log.error("Answering conversation {} failed; another sweep will retry", conversationId, e);
        }
    }

    private void drain(String conversationId) {
        try {
            while (!stopping) {
                // Marked before trying, so that a drain ending here meanwhile sees it (see the end of the loop).
                again.add(conversationId);
                if (!draining.add(conversationId)) {
                    return; // drained here already: that drain looks once more when it ends
                }
                again.remove(conversationId);
                try {
                    Optional<ConversationLock.Held> held = lock.tryAcquire(conversationId);
                    if (held.isEmpty()) {
                        return;
                    }
                    try (ConversationLock.Held lease = held.get()) {
                        drainHeld(conversationId, lease, null);
                    }
                } finally {
                    draining.remove(conversationId);
                }
                // Work that came for this conversation while it was drained here, from another thread that found it
                // busy. Work from other replicas is seen by the step that finishes the last item (it releases the
                // lock only with the queue empty) or by the step that queues it (it takes the released lock).
                if (!again.remove(conversationId)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.error("Answering conversation {} failed; another sweep will retry", conversationId, e);
        }
    }

    private void withdrawQuietly(String conversationId, String item) {
        try {
            queue.withdrawAttempt(conversationId, item);
        } catch (RuntimeException e) {
            log.debug("Could not take the attempt back: {}", e.getMessage());
        }
    }

    /**
     * With {@code known}, what the step that took the lock read: the head item, the attempt already counted for it
     * (taken back if it is not answered here) and its user's settings.
     */
    private void drainHeld(String conversationId, ConversationLock.Held lease, @Nullable Known known) {
        boolean first = true;
        String knownHead = known == null ? null : known.head();
        String counted = knownHead;
        try {
            while (!stopping && !lease.lost()) {
                Optional<String> head =
                        first && knownHead != null ? Optional.of(knownHead) : queue.head(conversationId);
                if (head.isEmpty()) {
                    if (first) {
                        queue.forgetIfEmpty(conversationId); // its queue expired, or another replica finished it
                    }
                    return;
                }
                first = false;
                QueuedMessage queued = QueuedMessage.readOrNull(head.get());
                if (queued == null) {
                    log.error("Dropping an unreadable queued message in {}", conversationId);
                    if (head.get().equals(counted)) {
                        counted = null; // its attempts go with it
                    }
                    if (!finish(
                            queue.deadLetter(conversationId, List.of(head.get()), lease.token(), "unreadable"),
                            lease)) {
                        return;
                    }
                    continue;
                }
                List<AlbumCollector.Item> items = List.of(new AlbumCollector.Item(head.get(), queued));
                if (queued.album() != null) {
                    try {
                        items = albums.parts(conversationId, queued.album(), this::stopping);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return; // stopping: the parts stay queued for the next replica
                    }
                    if (items.isEmpty()) {
                        continue; // stopping, or the head changed meanwhile
                    }
                }
                Known read = null;
                if (counted != null && items.getFirst().stored().equals(counted)) {
                    read = known;
                    counted = null;
                }
                if (!answer(conversationId, items, lease, read)) {
                    return; // handed off, or the lock was lost: it stays at the head for the next holder
                }
            }
        } finally {
            if (counted != null) {
                withdrawQuietly(conversationId, counted); // not answered here after all: no fault of the message
            }
        }
    }

    /**
     * Whether draining goes on after a step that finished items: the lock is still ours and more wait. When nothing
     * more waits, that step let go of the lock already, so closing {@code lease} costs nothing.
     */
    private static boolean finish(ConversationQueue.Completion completion, ConversationLock.Held lease) {
        if (completion.held() && !completion.more()) {
            lease.released();
        }
        return completion.held() && completion.more();
    }

    /**
     * Answers one queued message, or the parts of one album as one message with all their
     * attachments, and finishes it; false when draining must stop: it was handed off (it stays
     * queued), the lock was lost, or nothing more waits.
     */
    private boolean answer(
            String conversationId,
            List<AlbumCollector.Item> items,
            ConversationLock.Held lease,
            @Nullable Known known) {
        List<QueuedMessage> parts =
                items.stream().map(AlbumCollector.Item::message).toList();
        List<String> stored = items.stream().map(AlbumCollector.Item::stored).toList();
        QueuedMessage queued = parts.getFirst();
        List<AcceptedMessages.Accepted> locals =
                parts.stream().map(part -> accepted.take(part.eventId())).toList();
        AcceptedMessages.Accepted local = locals.getFirst();
        List<UserMessage> messages = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            AcceptedMessages.Accepted received = locals.get(i);
            messages.add(received != null ? received.message() : parts.get(i).message(attachments));
        }
        UserMessage message = messages.getFirst();
        if (queued.album() != null) {
            if (!AlbumCollector.addressed(parts)) {
                // An album in a group that does not speak to the bot.
                return finish(queue.complete(conversationId, stored, lease.token(), null), lease);
            }
            message = AlbumCollector.merge(messages);
        }
        Optional<ChatChannel> channel = local != null
                ? Optional.of(local.channel())
                : Optional.ofNullable(queued.address()).flatMap(channels::channel);
        if (channel.isEmpty()) {
            log.warn(
                    "Dropping {} event {}: its platform gave no address another replica could answer through",
                    message.platform(),
                    message.eventId());
            return finish(
                    queue.deadLetter(conversationId, stored, lease.token(), "no address to answer through"), lease);
        }
        Language language = known != null && known.settings() != null
                ? answerer.language(message, known.settings())
                : answerer.language(message);
        int attempt = known != null ? known.attempt() : queue.beginAttempt(conversationId, stored.getFirst());
        if (attempt > maxAttempts) {
            log.error(
                    "Giving up on {} event {} after {} attempts; it goes to the dead letters",
                    message.platform(),
                    message.eventId(),
                    maxAttempts);
            try {
                answerer.giveUp(message, language, channel.get(), maxAttempts);
            } catch (RuntimeException e) {
                log.warn("Could not tell the user their message was set aside: {}", e.getMessage());
            }
            return finish(
                    queue.deadLetter(
                            conversationId, stored, lease.token(), "not answered after " + maxAttempts + " attempts"),
                    lease);
        }
        AnswersInFlight.Flight flight = inFlight.begin(conversationId, language);
        QueuedTurns.Holding holding = turns.begin(conversationId, lease.token(), stored, lease::lost);
        // The answer stops when the lock is lost: another replica now answers this message in full.
        lease.onLost(() -> inFlight.takenOver(conversationId, flight));
        try {
            answerer.answerQueued(message, language, channel.get());
        } catch (StorageUnavailableException e) {
            // Storage went away before the answer began: the message stays at the head, and this
            // attempt is no fault of it. Whoever holds the lock once storage is back answers it.
            log.warn("Storage unavailable while answering in {}; it stays queued: {}", conversationId, e.getMessage());
            try {
                queue.withdrawAttempt(conversationId, stored.getFirst());
            } catch (StorageUnavailableException stillDown) {
                log.debug("Could not take the attempt back: {}", stillDown.getMessage());
            }
            return false;
        } finally {
            turns.end(conversationId, holding);
            inFlight.end(conversationId, flight);
        }
        // Interrupted: the grace period ran out in the middle of the work, so it may be unfinished.
        // The interrupt is consumed here, at the top of the worker, so the lock can still be released.
        boolean interrupted = Thread.interrupted();
        if (flight.handedOff() || interrupted) {
            queue.withdrawAttempt(conversationId, stored.getFirst());
            return false;
        }
        ConversationQueue.Completion completion = holding.completion() != null
                ? holding.completion()
                : QueuedTurns.whileHeld(() -> queue.complete(conversationId, stored, lease.token(), null), lease::lost);
        if (!completion.held()) {
            log.warn("Lost conversation {} while answering; its new holder answers again", conversationId);
        }
        return finish(completion, lease);
    }
}
