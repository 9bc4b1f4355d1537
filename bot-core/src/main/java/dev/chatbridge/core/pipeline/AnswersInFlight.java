package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.chat.ActiveAnswers;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queued messages this replica is answering right now, and the hand-off when it stops: it
 * waits a grace period for them, then closes each unfinished answer with a note and leaves its
 * message queued, so another replica answers it again in full.
 */
final class AnswersInFlight {

    private static final Logger log = LoggerFactory.getLogger(AnswersInFlight.class);
    private static final Duration AFTER_HAND_OFF = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 50;

    /** One answer being written; {@code handedOff} once the hand-off closed it. */
    static final class Flight {
        private final Language language;
        private volatile boolean handedOff;

        Flight(Language language) {
            this.language = language;
        }

        boolean handedOff() {
            return handedOff;
        }
    }

    private final Map<String, Flight> byConversation = new ConcurrentHashMap<>();
    private final ActiveAnswers activeAnswers;

    AnswersInFlight(ActiveAnswers activeAnswers) {
        this.activeAnswers = activeAnswers;
    }

    Flight begin(String conversationId, Language language) {
        Flight flight = new Flight(language);
        byConversation.put(conversationId, flight);
        return flight;
    }

    void end(String conversationId, Flight flight) {
        byConversation.remove(conversationId, flight);
    }

    /**
     * The lock of a conversation was lost while {@code flight} was being written: stop it with a note
     * (another replica now answers in full). Nothing happens when that answer is over already.
     */
    void takenOver(String conversationId, Flight flight) {
        if (byConversation.get(conversationId) == flight) {
            activeAnswers.cancel(conversationId, Text.TAKEN_OVER.in(flight.language));
        }
    }

    int count() {
        return byConversation.size();
    }

    /**
     * Waits up to {@code grace} for the answers being written, then hands the rest off. Returns when
     * nothing is in flight, or a few seconds after the hand-off.
     */
    void handOff(Duration grace) throws InterruptedException {
        waitUntilEmpty(grace);
        if (byConversation.isEmpty()) {
            return;
        }
        log.info("Handing {} unfinished answer(s) to another replica", byConversation.size());
        byConversation.forEach((conversationId, flight) -> {
            if (activeAnswers.cancel(conversationId, Text.HANDED_OFF.in(flight.language))) {
                flight.handedOff = true;
            }
        });
        waitUntilEmpty(AFTER_HAND_OFF);
    }

    private void waitUntilEmpty(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!byConversation.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
    }
}
