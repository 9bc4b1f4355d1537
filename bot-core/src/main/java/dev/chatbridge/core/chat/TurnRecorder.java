package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.AnsweredTurn;
import dev.chatbridge.core.conversation.TokenCounter;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.storage.StorageUnavailableException;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stays after an answer: its tokens charged to the user's daily budget (once, from the
 * gateway's usage or, where it reported none, a jtokkit estimate), and the question/answer pair
 * kept ({@link TurnSaver}), only when the answer completed with some text.
 */
final class TurnRecorder {

    private static final Logger log = LoggerFactory.getLogger(TurnRecorder.class);

    private final TurnSaver saver;
    private final ChatPacer pacer;
    private final AnswerGuards guards;
    private final TokenCounter tokens;

    TurnRecorder(TurnSaver saver, ChatPacer pacer, AnswerGuards guards, TokenCounter tokens) {
        this.saver = saver;
        this.pacer = pacer;
        this.guards = guards;
        this.tokens = tokens;
    }

    void record(PreparedQuestion question, AnswerStreaming.Streamed answer, ChatChannel channel, Language language)
            throws InterruptedException {
        // Saving comes first: it also takes the message off the queue, and until then a replica that
        // dies would leave a message the user has already seen to be answered again.
        if (answer.result() == ChatService.Result.COMPLETED && !answer.text().isBlank()) {
            saveTurn(question, answer.text(), channel, language);
        }
        if (answer.chargeable()) {
            int promptEstimate = question.fixedTokens()
                    + question.window().turns().stream().mapToInt(tokens::count).sum();
            chargeTokens(question.user(), answer, promptEstimate);
        }
    }

    /**
     * Charges what the gateway reported for all rounds. Where it reported nothing for a round that
     * reached the model (a stream cut by the gateway, gone silent, or broken before its usage chunk),
     * the charge is a jtokkit estimate of what was sent and received (the fixed tokens plus the
     * window's turns in, the text out), or what was reported, whichever is more.
     */
    private void chargeTokens(QuotaUser user, AnswerStreaming.Streamed answer, int promptEstimate) {
        TokenUsage reported = answer.usage();
        boolean estimated = !answer.usageComplete();
        TokenUsage used = estimated
                ? new TokenUsage(
                        Math.max(reported.promptTokens(), promptEstimate),
                        Math.max(reported.completionTokens(), tokens.count(answer.text())))
                : reported;
        guards.metrics().tokens("in", used.promptTokens(), estimated);
        guards.metrics().tokens("out", used.completionTokens(), estimated);
        try {
            guards.quotas().recordTokens(user, used.promptTokens(), used.completionTokens());
        } catch (StorageUnavailableException e) {
            guards.metrics().redisError("quota");
            log.error("Could not charge {} tokens to {}: {}", used, user.key(), e.getMessage());
        }
    }

    private void saveTurn(PreparedQuestion question, String answer, ChatChannel channel, Language language)
            throws InterruptedException {
        try {
            boolean saved = saver.save(new AnsweredTurn(
                    question.key(),
                    question.window().droppedTurns(),
                    Turn.user(question.storedQuestion()),
                    Turn.assistant(answer.strip())));
            if (!saved) {
                log.warn(
                        "Answer for {} not saved: another replica has taken the conversation over",
                        question.key().id());
            }
        } catch (StorageUnavailableException e) {
            log.error(
                    "Answer for {} delivered but not saved to the context: {}",
                    question.key().id(),
                    e.getMessage());
            StreamingReply.deliverComplete(channel, pacer, Text.STORAGE_DOWN.in(language));
        }
    }
}
