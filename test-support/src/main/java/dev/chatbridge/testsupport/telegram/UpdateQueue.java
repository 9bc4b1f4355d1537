package dev.chatbridge.testsupport.telegram;

import dev.chatbridge.testsupport.common.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pending updates with Telegram's at-least-once semantics: an update is returned until a poll confirms it with
 * {@code offset > update_id}. A newer poll ends an older waiting one with 409, as a second poller would.
 */
final class UpdateQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Pending> pending = new ArrayList<>();
    private final Map<Integer, ObjectNode> history = new HashMap<>();
    // Telegram update ids are large, arbitrary numbers; a random start also keeps fakes that share one Redis apart.
    private int nextId = java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000, 1_000_000_000);
    private long confirmedOffset;
    /** Ids a getUpdates call returned at least once. */
    private final java.util.Set<Integer> fetched = new java.util.HashSet<>();

    private long pollGeneration;
    private boolean closed;

    /** Chats with an update being posted to the webhook: Telegram posts one chat's updates one at a time. */
    private final java.util.Set<Long> chatsInFlight = new java.util.HashSet<>();

    /** {@code redelivery} entries ignore the confirmed offset until they were delivered once. */
    static final class Pending {
        final int id;
        final ObjectNode update;
        final boolean redelivery;
        boolean delivered;
        boolean inFlight;

        Pending(int id, ObjectNode update, boolean redelivery) {
            this.id = id;
            this.update = update;
            this.redelivery = redelivery;
        }
    }

    /** Adds an update, giving it the next id unless it already has one. */
    int add(ObjectNode update) {
        lock.lock();
        try {
            int id;
            if (update.hasNonNull("update_id")) {
                id = update.get("update_id").asInt();
                nextId = Math.max(nextId, id + 1);
            } else {
                id = nextId++;
                update.put("update_id", id);
            }
            history.put(id, update);
            pending.add(new Pending(id, update, false));
            changed.signalAll();
            return id;
        } finally {
            lock.unlock();
        }
    }

    void redeliver(int updateId) {
        lock.lock();
        try {
            ObjectNode update = history.get(updateId);
            if (update == null) {
                throw new IllegalArgumentException("No update with id " + updateId + " was ever queued");
            }
            pending.add(new Pending(updateId, update.deepCopy(), true));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Holds the poll until an update is pending, the timeout passes, the queue closes or a newer poll arrives. */
    ArrayNode poll(long offset, int limit, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long generation = ++pollGeneration;
            changed.signalAll();
            confirm(offset);
            long remaining = timeout.toNanos();
            while (true) {
                if (closed) {
                    return Json.array();
                }
                if (generation != pollGeneration) {
                    throw BotApiError.conflict(
                            "terminated by other getUpdates request; make sure that only one bot instance is running");
                }
                if (!pending.isEmpty()) {
                    return take(limit);
                }
                if (remaining <= 0) {
                    return Json.array();
                }
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    private void confirm(long offset) {
        if (offset < 0) {
            // A negative offset keeps only the last -offset updates, forgetting the rest.
            while (pending.size() > -offset) {
                pending.removeFirst();
            }
            return;
        }
        if (offset == 0) {
            return;
        }
        confirmedOffset = Math.max(confirmedOffset, offset);
        pending.removeIf(entry -> entry.id < offset && (!entry.redelivery || entry.delivered));
    }

    private ArrayNode take(int limit) {
        ArrayNode batch = Json.array();
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext() && batch.size() < limit) {
            Pending entry = it.next();
            entry.delivered = true;
            fetched.add(entry.id);
            batch.add(entry.update.deepCopy());
        }
        return batch;
    }

    /**
     * Webhook mode: the oldest pending update whose chat has none in flight, marked in flight; null
     * when there is none within {@code wait}.
     */
    Pending takeForWebhook(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long remaining = wait.toNanos();
            while (!closed) {
                for (Pending entry : pending) {
                    long chat = chatOf(entry.update);
                    if (!entry.inFlight && (chat == 0 || !chatsInFlight.contains(chat))) {
                        entry.inFlight = true;
                        if (chat != 0) {
                            chatsInFlight.add(chat);
                        }
                        return entry;
                    }
                }
                if (remaining <= 0) {
                    return null;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** The webhook answered 2xx (or the update was filtered out): it is gone, and its chat may get the next one. */
    void acknowledge(Pending entry) {
        finishFlight(entry, true);
    }

    /** The webhook was deleted while the update was in flight: it stays pending. */
    void giveBack(Pending entry) {
        finishFlight(entry, false);
    }

    private void finishFlight(Pending entry, boolean delivered) {
        lock.lock();
        try {
            if (delivered) {
                pending.remove(entry);
            }
            entry.inFlight = false;
            chatsInFlight.remove(chatOf(entry.update));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static long chatOf(ObjectNode update) {
        tools.jackson.databind.JsonNode message =
                update.has("callback_query") ? update.path("callback_query").path("message") : update.path("message");
        return message.path("chat").path("id").asLong(0);
    }

    void dropPending() {
        lock.lock();
        try {
            pending.removeIf(entry -> !entry.inFlight);
        } finally {
            lock.unlock();
        }
    }

    int pendingCount() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    boolean fetched(int updateId) {
        lock.lock();
        try {
            return fetched.contains(updateId);
        } finally {
            lock.unlock();
        }
    }

    long confirmedOffset() {
        lock.lock();
        try {
            return confirmedOffset;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
