package dev.chatbridge.core.chat;

import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.conversation.ConversationStore;
import dev.chatbridge.core.conversation.TokenCounter;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.ChatPacer;
import dev.chatbridge.core.message.Attachment;
import dev.chatbridge.core.text.Durations;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import dev.chatbridge.core.tools.ToolBox;
import dev.chatbridge.core.vision.VisionContext;
import dev.chatbridge.core.voice.VoiceNotes;
import java.time.Duration;
import java.util.List;

/**
 * Answers one question: loads the context and the question's images ({@link QuestionPreparer}),
 * asks the model, running the tools it calls, and streams the answer to the chat
 * ({@link AnswerStreaming}), and stores the question/answer pair only when the answer completed
 * ({@link TurnRecorder}). A failed or stopped answer leaves the
 * context as it was, so the next message (or /retry) works. A question over one of the user's
 * limits is refused before any of that; each answer's tokens are charged to the user's daily
 * budget once, from the gateway's usage or, when it reported none, a jtokkit estimate.
 */
public final class ChatService {

    private final VisionContext vision;
    private final QuestionPreparer preparer;
    private final AnswerStreaming streaming;
    private final TurnRecorder recorder;

    public ChatService(
            ChatUpstream upstream,
            ConversationStore store,
            ChatPacer pacer,
            ActiveAnswers activeAnswers,
            BotSettings settings,
            VisionContext vision,
            ToolBox tools,
            AnswerGuards guards) {
        this(upstream, store, pacer, activeAnswers, settings, vision, tools, guards, turn -> {
            store.appendPair(turn.key(), turn.droppedTurns(), turn.question(), turn.answer());
            return true;
        });
    }

    /** {@code saver} keeps completed pairs; the conversation pipeline's saves them with the queue. */
    public ChatService(
            ChatUpstream upstream,
            ConversationStore store,
            ChatPacer pacer,
            ActiveAnswers activeAnswers,
            BotSettings settings,
            VisionContext vision,
            ToolBox tools,
            AnswerGuards guards,
            TurnSaver saver) {
        this(upstream, store, pacer, activeAnswers, settings, vision, VoiceNotes.unavailable(), tools, guards, saver);
    }

    /** {@code voice} transcribes the questions' voice notes and audio files. */
    public ChatService(
            ChatUpstream upstream,
            ConversationStore store,
            ChatPacer pacer,
            ActiveAnswers activeAnswers,
            BotSettings settings,
            VisionContext vision,
            VoiceNotes voice,
            ToolBox tools,
            AnswerGuards guards,
            TurnSaver saver) {
        TokenCounter tokens = new TokenCounter();
        this.vision = vision;
        this.preparer = new QuestionPreparer(store, pacer, settings, vision, voice, tools, guards, tokens);
        this.streaming = new AnswerStreaming(upstream, pacer, activeAnswers, settings, tools, guards);
        this.recorder = new TurnRecorder(saver, pacer, guards, tokens);
    }

    /** What happened to one answer, for callers and tests. */
    public enum Result {
        COMPLETED,
        FAILED,
        CANCELLED,
        /** A limit refused the question before any upstream call; the user was told why and until when. */
        REFUSED
    }

    /**
     * A question asked again (/retry) whose pictures the platform can no longer give: text only, as
     * stored, its images as text references (see {@link VisionContext}); links are not fetched again.
     */
    public Result answer(ConversationKey key, String userId, String question, ChatChannel channel, Language language)
            throws InterruptedException {
        return answer(key, userId, question, List.of(), VisionContext.FoundLinks.NONE, channel, language);
    }

    /** A new message: its attachments, and the image links in its text, become images for the model. */
    public Result answer(
            ConversationKey key,
            String userId,
            String question,
            List<Attachment> attachments,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        return answer(key, userId, question, attachments, vision.linksIn(question, attachments), channel, language);
    }

    private Result answer(
            ConversationKey key,
            String userId,
            String question,
            List<Attachment> attachments,
            VisionContext.FoundLinks links,
            ChatChannel channel,
            Language language)
            throws InterruptedException {
        return switch (preparer.prepare(key, userId, question, attachments, links, channel, language)) {
            case QuestionPreparer.Preparation.Stopped stopped -> stopped.result();
            case QuestionPreparer.Preparation.Ready ready -> {
                try (PreparedQuestion prepared = ready.question()) {
                    AnswerStreaming.Streamed answer = streaming.stream(prepared, channel, language);
                    recorder.record(prepared, answer, channel, language);
                    yield answer.result();
                }
            }
        };
    }

    static String describe(UpstreamFailure failure, Language language, Duration breakerOpenFor) {
        return switch (failure.kind()) {
            case AUTH -> Text.ERROR_AUTH.in(language);
            case RATE_LIMITED -> Text.ERROR_RATE_LIMITED.in(language);
            case TIMEOUT -> Text.ERROR_TIMEOUT.in(language);
            case UNREACHABLE -> Text.ERROR_UNREACHABLE.in(language);
            case STREAM_CUT -> Text.ERROR_STREAM_CUT.in(language);
            case GATEWAY_ERROR -> Text.ERROR_GATEWAY.in(language, failure.detail());
            case CIRCUIT_OPEN -> Text.ERROR_CIRCUIT_OPEN.in(language, Durations.human(breakerOpenFor, language));
        };
    }
}
