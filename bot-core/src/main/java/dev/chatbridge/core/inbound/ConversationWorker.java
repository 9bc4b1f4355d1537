package dev.chatbridge.core.inbound;

import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.ordering.ConversationLock;
import dev.chatbridge.core.ordering.ConversationQueue;
import dev.chatbridge.core.ordering.UpdateDeduplicator;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers each conversation's queued messages one at a time and in order, on whichever replica
 * holds the conversation's lock. A message stays queued in Redis until it has been answered, so
 * when a replica dies (its lock lease runs out) or shuts down (it hands its answers off), the
 * next replica's sweep takes the conversation over and answers what is left.
 */
public final class ConversationWorker {

    /** What answering one queued message means; supplied by {@link BotEngine}. */
    @FunctionalInterface
    interface Answerer {
        void answer(UserMessage message, ChatChannel channel);
    }

    /**
     * What a queue item holds: the message's values, references to its attachments and where any
     * replica can answer it. Spelled out field by field, so that what only lives in memory (an
     * attachment's bytes, a platform client) is never written to Redis; the accepting replica
     * answers with the message it received, another one restores the attachments from the references.
     */
    record QueuedMessage(
            String platform,
            String eventId,
            String chatId,
            UserMessage.ChatKind chatKind,
            String userId,
            String userName,
            @Nullable String languageCode,
            String text,
            ChannelDirectory.@Nullable Address address,
            @Nullable List<Attachment.Reference> attachments,
            @Nullable QueuedAlbumPart album) {

        QueuedMessage {
            attachments =
                    attachments == null ? List.of() : List.copyOf(attachments); // items queued before they existed
        }

        static QueuedMessage of(
                UserMessage message, ChannelDirectory.@Nullable Address address, @Nullable AlbumPart album) {
            QueuedAlbumPart part = album == null
                    ? null
                    : new QueuedAlbumPart(
                            album.albumId(), album.addressed(), album.quiet().toMillis(), System.currentTimeMillis());
            return new QueuedMessage(
                    message.platform(),
                    message.eventId(),
                    message.chatId(),
                    message.chatKind(),
                    message.userId(),
                    message.userName(),
                    message.languageCode(),
                    message.text(),
                    address,
                    Attachment.Reference.allOf(message.attachments()),
                    part);
        }

        boolean inAlbum(String albumId) {
            return album != null && album.id().equals(albumId);
        }

        UserMessage message(AttachmentDirectory directory) {
            return new UserMessage(
                    platform,
                    eventId,
                    chatId,
                    chatKind,
                    userId,
                    userName,
                    languageCode,
                    text,
                    directory.restoreAll(attachments));
        }
    }

    /**
     * An {@link AlbumPart} as queued, with when it was queued: the replica that answers compares
     * that with its own clock, so the replicas' clocks should agree to well under the quiet time.
     */
    record QueuedAlbumPart(String id, boolean addressed, long quietMillis, long queuedAtMillis) {}

    /** A queue item as stored (to remove it once answered) and as read. */
    private record Item(String stored, QueuedMessage message) {}

    private static final Logger log = LoggerFactory.getLogger(ConversationWorker.class);
    private static final int SWEEP_BATCH = 200;
    private static final Duration LOCAL_LIFETIME = Duration.ofMinutes(10);
    private static final Duration AFTER_HAND_OFF = Duration.ofSeconds(5);

    private final ConversationQueue queue;
    private final ConversationLock lock;
    private final ChannelDirectory channels;
    private final AttachmentDirectory attachments;
    private final ActiveAnswers activeAnswers;
    private final ExecutorService executor;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    /**
     * Messages accepted here, by event id, as received and with the channel they came with; usually
     * answered here too. Forgotten after a while when another replica answered them.
     */
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("queue-sweeper").factory());
    private volatile @Nullable Answerer answerer;
    private volatile boolean stopping;

    private record Accepted(UserMessage message, ChatChannel channel, long atNanos) {}

    private static final class InFlight {
        final Language language;
        volatile boolean handedOff;

        InFlight(Language language) {
            this.language = language;
        }
    }

    public ConversationWorker(
            ConversationQueue queue,
            ConversationLock lock,
            ChannelDirectory channels,
            AttachmentDirectory attachments,
            ActiveAnswers activeAnswers,
            ExecutorService executor) {
        this.attachments = attachments;
        this.queue = queue;
        this.lock = lock;
        this.channels = channels;
        this.activeAnswers = activeAnswers;
        this.executor = executor;
    }

    /** Where adapters register how their files are fetched again on this replica. */
    public AttachmentDirectory attachments() {
        return attachments;
    }

    void answerWith(Answerer answerer) {
        this.answerer = answerer;
    }

    /**
     * Queues a message unless its event was seen before (false then), and starts answering its
     * conversation here if no replica is at it. A stopping replica still queues (nothing is lost)
     * but leaves the answering to the others.
     */
    boolean accept(
            String conversationId,
            UserMessage message,
            ChatChannel channel,
            UpdateDeduplicator.Claim claim,
            @Nullable AlbumPart album) {
        accepted.put(message.eventId(), new Accepted(message, channel, System.nanoTime()));
        String item = json.writeValueAsString(
                QueuedMessage.of(message, channel.address().orElse(null), album));
        boolean queued = false;
        try {
            queued = queue.enqueueFirst(conversationId, item, claim);
        } finally {
            if (!queued) {
                accepted.remove(message.eventId());
            }
        }
        if (!queued) {
            return false;
        }
        startDraining(conversationId);
        return true;
    }

    /** Looks for conversations nobody answers (new, or left by a replica that stopped or died) every {@code tick}. */
    public void start(Duration tick) {
        sweeper.scheduleWithFixedDelay(this::sweep, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void sweep() {
        try {
            List<String> waiting = new ArrayList<>(queue.waiting(SWEEP_BATCH));
            waiting.removeIf(draining::contains);
            lock.unheld(waiting).forEach(this::startDraining);
            long oldest = System.nanoTime() - LOCAL_LIFETIME.toNanos();
            accepted.values().removeIf(local -> local.atNanos() - oldest < 0);
        } catch (RuntimeException e) {
            log.warn("Looking for waiting conversations failed: {}", e.getMessage());
        }
    }

    private void startDraining(String conversationId) {
        if (stopping) {
            return;
        }
        try {
            executor.execute(() -> drain(conversationId));
        } catch (RejectedExecutionException e) {
            log.debug("Not answering {} here: shutting down", conversationId);
        }
    }

    private void drain(String conversationId) {
        try {
            // After letting go of the lock, look once more: a message queued meanwhile by another
            // thread or replica that found the lock taken would otherwise wait for the next sweep.
            while (!stopping && draining.add(conversationId)) {
                try {
                    Optional<ConversationLock.Held> held = lock.tryAcquire(conversationId);
                    if (held.isEmpty()) {
                        return;
                    }
                    try (ConversationLock.Held ignored = held.get()) {
                        drainHeld(conversationId);
                    }
                } finally {
                    draining.remove(conversationId);
                }
                if (queue.head(conversationId).isEmpty()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.error("Answering conversation {} failed; another sweep will retry", conversationId, e);
        }
    }

    private void drainHeld(String conversationId) {
        boolean first = true;
        while (!stopping) {
            Optional<String> head = queue.head(conversationId);
            if (head.isEmpty()) {
                if (first) {
                    queue.forgetIfEmpty(conversationId); // its queue expired, or another replica finished it
                }
                return;
            }
            first = false;
            QueuedMessage queued = readOrNull(head.get());
            if (queued == null) {
                log.error("Dropping an unreadable queued message in {}", conversationId);
                queue.complete(conversationId, head.get());
                continue;
            }
            List<Item> items = List.of(new Item(head.get(), queued));
            if (queued.album() != null) {
                try {
                    items = albumParts(conversationId, queued.album());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // stopping: the parts stay queued for the next replica
                }
                if (items.isEmpty()) {
                    continue; // stopping, or the head changed meanwhile
                }
            }
            if (!answer(conversationId, items.stream().map(Item::message).toList())) {
                return; // handed off: it stays at the head for the next replica
            }
            boolean more = false;
            for (Item item : items) {
                more = queue.complete(conversationId, item.stored());
            }
            if (!more) {
                return; // drain() looks once more after unlocking
            }
        }
    }

    /**
     * The queued parts of the album at the head, once it is complete: a later message follows it,
     * or no part has arrived for the album's quiet time (Telegram sends the parts within a few
     * hundred milliseconds), or it has Telegram's most parts. Waits under the conversation's lock.
     */
    private List<Item> albumParts(String conversationId, QueuedAlbumPart album) throws InterruptedException {
        while (!stopping) {
            List<String> items = queue.first(conversationId, AlbumPart.MOST_PARTS + 1);
            List<Item> parts = new ArrayList<>();
            long latest = album.queuedAtMillis();
            for (String item : items) {
                QueuedMessage part = readOrNull(item);
                if (part == null || !part.inAlbum(album.id())) {
                    break;
                }
                parts.add(new Item(item, part));
                latest = Math.max(latest, part.album().queuedAtMillis());
            }
            long quietFor = System.currentTimeMillis() - latest;
            boolean complete = parts.size() < items.size()
                    || parts.size() >= AlbumPart.MOST_PARTS
                    || quietFor >= album.quietMillis();
            if (complete || parts.isEmpty()) {
                return parts;
            }
            Thread.sleep(Math.min(album.quietMillis() - quietFor, 100));
        }
        return List.of(); // stopping: the parts stay queued for the next replica
    }

    private @Nullable QueuedMessage readOrNull(String item) {
        try {
            return json.readValue(item, QueuedMessage.class);
        } catch (JacksonException e) {
            log.debug("Unreadable queue item: {}", e.getOriginalMessage());
            return null;
        }
    }

    /**
     * Answers one queued message, or the parts of one album as one message with all their
     * attachments; false when it was handed off and must stay queued.
     */
    private boolean answer(String conversationId, List<QueuedMessage> parts) {
        QueuedMessage queued = parts.getFirst();
        List<Accepted> locals =
                parts.stream().map(part -> accepted.remove(part.eventId())).toList();
        Accepted local = locals.getFirst();
        List<UserMessage> messages = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Accepted received = locals.get(i);
            messages.add(received != null ? received.message() : parts.get(i).message(attachments));
        }
        UserMessage message = messages.getFirst();
        if (queued.album() != null) {
            if (parts.stream()
                    .noneMatch(part -> part.album() != null && part.album().addressed())) {
                return true; // an album in a group that does not speak to the bot
            }
            message = mergeAlbum(messages);
        }
        Optional<ChatChannel> channel = local != null
                ? Optional.of(local.channel())
                : Optional.ofNullable(queued.address()).flatMap(channels::channel);
        if (channel.isEmpty()) {
            log.warn(
                    "Dropping {} event {}: its platform gave no address another replica could answer through",
                    message.platform(),
                    message.eventId());
            return true;
        }
        Answerer current = answerer;
        if (current == null) {
            throw new IllegalStateException("ConversationWorker has no answerer");
        }
        InFlight flight = new InFlight(Language.fromTag(message.languageCode()));
        inFlight.put(conversationId, flight);
        try {
            current.answer(message, channel.get());
        } finally {
            inFlight.remove(conversationId, flight);
        }
        // Interrupted: the grace period ran out in the middle of the work, so it may be unfinished.
        // The interrupt is consumed here, at the top of the worker, so the lock can still be released.
        boolean interrupted = Thread.interrupted();
        return !(flight.handedOff || interrupted);
    }

    /** One question from an album's parts: the first caption, and every part's attachments in order. */
    private static UserMessage mergeAlbum(List<UserMessage> messages) {
        UserMessage first = messages.getFirst();
        String text = messages.stream()
                .map(UserMessage::text)
                .filter(caption -> !caption.isBlank())
                .findFirst()
                .orElse("");
        List<Attachment> all =
                messages.stream().flatMap(part -> part.attachments().stream()).toList();
        return new UserMessage(
                first.platform(),
                first.eventId(),
                first.chatId(),
                first.chatKind(),
                first.userId(),
                first.userName(),
                first.languageCode(),
                text,
                all);
    }

    /**
     * Stops taking conversations, waits up to {@code grace} for the answers being written, then
     * hands the rest off: each is closed with a note and stays queued, and the lock is released, so
     * another replica answers it again in full. Returns when nothing is in flight, or after a
     * few more seconds.
     */
    public void stop(Duration grace) throws InterruptedException {
        stopping = true;
        sweeper.shutdownNow();
        long deadline = System.nanoTime() + grace.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (inFlight.isEmpty()) {
            return;
        }
        log.info("Handing {} unfinished answer(s) to another replica", inFlight.size());
        inFlight.forEach((conversationId, flight) -> {
            if (activeAnswers.cancel(conversationId, Text.HANDED_OFF.in(flight.language))) {
                flight.handedOff = true;
            }
        });
        long handOffDeadline = System.nanoTime() + AFTER_HAND_OFF.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < handOffDeadline) {
            Thread.sleep(50);
        }
    }

    /** Answers being written here right now. */
    public int inFlight() {
        return inFlight.size();
    }
}
