package dev.chatbridge.core.chat;

import dev.chatbridge.core.text.Language;
import java.util.function.BiConsumer;

/**
 * {@code /cancel} for answers another replica is writing: a request goes to every replica, and the
 * one writing that conversation's answer stops it ({@link ActiveAnswers#cancel}).
 */
public interface CancelRequests extends AutoCloseable {

    /**
     * Asks the other replicas to stop the answer of {@code conversationId}; false (and nothing sent)
     * when no replica is answering that conversation.
     */
    boolean requestElsewhere(String conversationId, Language language);

    /** Hands every request that arrives from another replica to {@code cancel}. */
    void listen(BiConsumer<String, Language> cancel);

    @Override
    void close();

    /** For a single process: there is nobody else to ask. */
    static CancelRequests none() {
        return new CancelRequests() {
            @Override
            public boolean requestElsewhere(String conversationId, Language language) {
                return false;
            }

            @Override
            public void listen(BiConsumer<String, Language> cancel) {}

            @Override
            public void close() {}
        };
    }
}
