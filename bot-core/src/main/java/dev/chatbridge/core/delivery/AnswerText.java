package dev.chatbridge.core.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The text of one answer, the buffer two threads share: the upstream thread adds to it while the
 * delivering thread waits for news and takes snapshots. Every field sits behind one lock, and each
 * change bumps a version, so the delivering thread can tell whether it has already shown the newest
 * text and shows everything that arrived meanwhile in one update.
 */
final class AnswerText {

    /** What ended a wait in {@link #awaitChange}. */
    enum Change {
        NEWER,
        FINISHED,
        TYPING_DUE
    }

    /** The text to show now, and the version it belongs to. */
    record Interim(String text, long version) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder text = new StringBuilder();
    private long version;
    private boolean finished;
    // Set together with finished, under the lock, so nothing is accepted after an abandoned answer.
    private boolean abandoned;
    private String trailer = "";
    private String status = "";

    void append(String delta) {
        lock.lock();
        try {
            // Leading whitespace is dropped so interim and final splits line up exactly.
            String accepted = text.isEmpty() ? delta.stripLeading() : delta;
            if (!finished && !accepted.isEmpty()) {
                text.append(accepted);
                version++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void status(String line) {
        lock.lock();
        try {
            if (!finished && !line.equals(status)) {
                status = line;
                version++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void finish(String note) {
        lock.lock();
        try {
            if (!finished) {
                finished = true;
                trailer = note;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the answer early: nothing more is accepted, and a waiting delivery wakes up. */
    void abandon() {
        lock.lock();
        try {
            abandoned = true;
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean abandoned() {
        lock.lock();
        try {
            return abandoned;
        } finally {
            lock.unlock();
        }
    }

    String text() {
        lock.lock();
        try {
            return text.toString();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until there is a version newer than {@code shownVersion} or the answer is finished. With
     * {@code refreshTyping}, also returns {@link Change#TYPING_DUE} once {@link System#nanoTime()}
     * passes {@code typingDueNanos}; without (something is shown already), it only wakes every 30 s
     * to check again.
     */
    Change awaitChange(long shownVersion, boolean refreshTyping, long typingDueNanos) throws InterruptedException {
        lock.lock();
        try {
            while (version == shownVersion && !finished) {
                long untilTyping = typingDueNanos - System.nanoTime();
                if (untilTyping <= 0 && refreshTyping) {
                    break;
                }
                changed.awaitNanos(refreshTyping ? untilTyping : TimeUnit.SECONDS.toNanos(30));
            }
            if (finished) {
                return Change.FINISHED;
            }
            return version != shownVersion ? Change.NEWER : Change.TYPING_DUE;
        } finally {
            lock.unlock();
        }
    }

    /** The newest text with the status line under it, or null once the answer is finished. */
    @Nullable
    Interim interim() {
        lock.lock();
        try {
            if (finished) {
                return null;
            }
            String shown = status.isEmpty() ? text.toString() : (text + "\n\n" + status).strip();
            return new Interim(shown, version);
        } finally {
            lock.unlock();
        }
    }

    /** The complete text with the note below it; the status line is never part of it. */
    String finalText() {
        lock.lock();
        try {
            String body = text.toString().stripTrailing();
            if (trailer.isEmpty()) {
                return body;
            }
            return body.isEmpty() ? trailer : body + "\n\n" + trailer;
        } finally {
            lock.unlock();
        }
    }
}
