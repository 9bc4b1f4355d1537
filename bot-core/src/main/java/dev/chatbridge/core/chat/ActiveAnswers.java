package dev.chatbridge.core.chat;

import dev.chatbridge.core.delivery.StreamingReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.Disposable;

/** The answers being streamed in this process, by conversation, so /cancel can stop one. */
public final class ActiveAnswers {

    private final ConcurrentMap<String, Running> running = new ConcurrentHashMap<>();

    void start(String conversationId, StreamingReply reply, Disposable upstream) {
        running.put(conversationId, new Running(reply, upstream));
    }

    void end(String conversationId, StreamingReply reply) {
        running.computeIfPresent(conversationId, (id, current) -> current.reply() == reply ? null : current);
    }

    /** Stops the upstream and closes the answer with {@code note}; false when nothing was running. */
    public boolean cancel(String conversationId, String note) {
        Running current = running.remove(conversationId);
        if (current == null) {
            return false;
        }
        current.reply().finish(note);
        disposeInBackground(current.upstream());
        return true;
    }

    /**
     * Closing the SDK's stream waits for its reader, which may be blocked on a silent socket until
     * the read timeout; never make the user's answer wait for that.
     */
    static void disposeInBackground(Disposable upstream) {
        if (!upstream.isDisposed()) {
            Thread.ofVirtual().name("dispose-upstream").start(upstream::dispose);
        }
    }

    public int count() {
        return running.size();
    }

    private record Running(StreamingReply reply, Disposable upstream) {}
}
