package dev.chatbridge.discord;

import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.DeliveryException;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.message.UnsupportedMessage;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.pipeline.BotEngine;
import dev.chatbridge.core.pipeline.Reception;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord messages that could not be queued because Redis was unreachable. Discord never delivers a message again,
 * so they wait here, in memory and at most {@code capacity} of them, and are handed to the core again, oldest first,
 * until Redis takes them (whether it comes back with its data or empty: queueing is idempotent per event). A chat
 * with messages waiting keeps its later messages behind them, so its order holds. Each chat hears once per outage
 * that its answer will be late; a message that finds the buffer full is dropped, and its sender is told so.
 */
final class HeldMessages implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeldMessages.class);

    private record Held(UserMessage message, ChatChannel channel) {}

    private final BotEngine engine;
    private final int capacity;
    private final Duration retryEvery;
    private final Deque<Held> held = new ArrayDeque<>(); // guarded by this
    private final Set<String> toldLate = new HashSet<>(); // guarded by this: chats told during this outage
    private @Nullable Thread retrier; // guarded by this
    private volatile boolean closed;

    HeldMessages(BotEngine engine, int capacity, Duration retryEvery) {
        this.engine = engine;
        this.capacity = capacity;
        this.retryEvery = retryEvery;
    }

    /**
     * Hands a message to the core, or keeps it when Redis is unreachable or earlier messages of its chat are still
     * kept. Called in the chat's lane, so one chat's messages come here one at a time and in order.
     */
    void accept(UserMessage message, ChatChannel channel) {
        @Nullable String notice;
        synchronized (this) {
            notice = waiting(message.chatId()) ? keep(message, channel) : null;
        }
        if (notice == null) {
            if (engine.accept(message, channel).outcome() != Reception.Outcome.STORAGE_UNAVAILABLE) {
                return;
            }
            synchronized (this) {
                notice = keep(message, channel);
            }
        }
        if (!notice.isEmpty()) {
            tell(channel, notice); // outside the lock: a REST call
        }
    }

    /**
     * A message the bot cannot read (a sticker, a poll) is only told so; it is not kept while Redis is unreachable,
     * as there is nothing to answer later.
     */
    void accept(UnsupportedMessage message, ChatChannel channel) {
        if (engine.accept(message, channel).outcome() == Reception.Outcome.STORAGE_UNAVAILABLE) {
            log.info("Not answering a Discord {} in {} while Redis is unreachable", message.kind(), message.chatId());
        }
    }

    /** The number of messages waiting for Redis (tests, logs). */
    synchronized int size() {
        return held.size();
    }

    /** Keeps the message if there is room; returns what to tell its chat, or "" when it was told already. */
    private String keep(UserMessage message, ChatChannel channel) {
        Language language = Language.fromTag(message.languageCode());
        if (held.size() >= capacity) {
            log.warn(
                    "Redis is unreachable and {} Discord messages already wait for it: dropped message {} in {}",
                    held.size(),
                    message.eventId(),
                    message.chatId());
            return Text.STORAGE_DOWN_NOT_KEPT.in(language);
        }
        held.addLast(new Held(message, channel));
        if (retrier == null && !closed) {
            retrier = Thread.ofVirtual().name("discord-held-messages").start(this::handOverWhenRedisIsBack);
        }
        return toldLate.add(message.chatId()) ? Text.STORAGE_DOWN_KEPT.in(language) : "";
    }

    private void handOverWhenRedisIsBack() {
        log.info("Keeping Discord messages until Redis is reachable again");
        while (!closed) {
            Held next;
            synchronized (this) {
                next = held.peekFirst();
                if (next == null) {
                    retrier = null;
                    return;
                }
            }
            Reception.Outcome outcome;
            try {
                outcome = engine.accept(next.message(), next.channel()).outcome();
            } catch (RuntimeException e) {
                log.error(
                        "Dropping kept Discord message {}: handing it over failed",
                        next.message().eventId(),
                        e);
                outcome = Reception.Outcome.TAKEN;
            }
            if (outcome == Reception.Outcome.STORAGE_UNAVAILABLE) {
                try {
                    Thread.sleep(retryEvery);
                } catch (InterruptedException e) {
                    return; // closing
                }
                continue;
            }
            synchronized (this) {
                held.removeFirst();
                String chat = next.message().chatId();
                if (!waiting(chat)) {
                    toldLate.remove(chat); // its outage is over: a later one is told again
                }
                if (held.isEmpty()) {
                    log.info("Redis is back: every kept Discord message is queued");
                }
            }
        }
    }

    private boolean waiting(String chatId) {
        return held.stream().anyMatch(h -> h.message().chatId().equals(chatId));
    }

    /** Tells the chat at once; the message is short and the user waits for it, so no pacing through the core. */
    private static void tell(ChatChannel channel, String markdown) {
        try {
            channel.send(OutgoingText.markdown(markdown));
        } catch (DeliveryException | RuntimeException e) {
            log.warn("Could not tell a Discord chat about the Redis outage: {}", e.getMessage());
        }
    }

    /** Stops retrying; what is still kept is lost with the process, as it would be in a crash. */
    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = retrier;
            if (!held.isEmpty()) {
                log.warn("Stopping with {} Discord messages still waiting for Redis", held.size());
            }
        }
        if (running != null) {
            running.interrupt();
        }
    }
}
