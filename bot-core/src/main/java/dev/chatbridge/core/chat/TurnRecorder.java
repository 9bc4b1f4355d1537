package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.AnsweredTurn;
import dev.chatbridge.core.conversation.TokenCounter;
import dev.chatbridge.core.conversation.Turn;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.delivery.StreamingReply;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.TokenCharge;
import dev.chatbridge.core.storage.StorageUnavailableException;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import org.jspecify.annotations.Nullable;
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
        TokenCharge charge = null;
        if (answer.chargeable()) {
            int promptEstimate = question.fixedTokens()
                    + question.window().turns().stream().mapToInt(tokens::count).sum();
            charge = charge(question.user(), answer, promptEstimate);
        }
        // Saving comes first: it also takes the message off the queue, and until then a replica that
        // dies would leave a message the user has already seen to be answered again. Where the quotas
        // allow it, the same step charges the tokens.
        boolean charged = false;
        if (answer.result() == ChatService.Result.COMPLETED && !answer.text().isBlank()) {
            charged = saveTurn(
                    question, answer.text(), channel, language, guards.quotas().chargesWithTurn() ? charge : null);
        }
        if (charge != null && !charged) {
            try {
                guards.quotas().recordTokens(charge.user(), charge.promptTokens(), charge.completionTokens());
            } catch (StorageUnavailableException e) {
                guards.metrics().redisError("quota");
                log.error(
                        "Could not charge {} tokens to {}: {}",
                        charge,
                        charge.user().key(),
                        e.getMessage());
            }
        }
    }

    /**
     * What to charge for all rounds: what the gateway reported. Where it reported nothing for a round that
     * reached the model (a stream cut by the gateway, gone silent, or broken before its usage chunk),
     * the charge is a jtokkit estimate of what was sent and received (the fixed tokens plus the
     * window's turns in, the text out), or what was reported, whichever is more.
     */
    private TokenCharge charge(QuotaUser user, AnswerStreaming.Streamed answer, int promptEstimate) {
        TokenUsage reported = answer.usage();
        boolean estimated = !answer.usageComplete();
        TokenUsage used = estimated
                ? new TokenUsage(
                        Math.max(reported.promptTokens(), promptEstimate),
                        Math.max(reported.completionTokens(), tokens.count(answer.text())))
                : reported;
        guards.metrics().tokens("in", used.promptTokens(), estimated);
        guards.metrics().tokens("out", used.completionTokens(), estimated);
        return new TokenCharge(user, used.promptTokens(), used.completionTokens());
    }

    /** Saves the pair, with {@code charge} in the same step when given and storage can; true when it charged. */
    private boolean saveTurn(
            PreparedQuestion question,
            String answer,
            ChatChannel channel,
            Language language,
            @Nullable TokenCharge charge)
            throws InterruptedException {
        try {
            AnsweredTurn turn = new AnsweredTurn(
                    question.key(),
                    question.window().droppedTurns(),
                    Turn.user(question.storedQuestion()),
                    Turn.assistant(answer.strip()));
            TurnSaver.Saved saved =
                    charge != null ? saver.save(turn, charge) : new TurnSaver.Saved(saver.save(turn), false);
            if (!saved.kept()) {
                log.warn(
                        "Answer for {} not saved: another replica has taken the conversation over",
                        question.key().id());
            }
            return saved.charged();
        } catch (StorageUnavailableException e) {
            log.error(
                    "Answer for {} delivered but not saved to the context: {}",
                    question.key().id(),
                    e.getMessage());
            StreamingReply.deliverComplete(channel, pacer, Text.STORAGE_DOWN.in(language));
            return false;
        }
    }
}
