package dev.chatbridge.core.chat;

import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import org.jspecify.annotations.Nullable;

/** What the user is told when the model's answer ends short: empty, or cut by the length limit. */
final class AnswerEndings {

    private AnswerEndings() {}

    /** No text at all: why, as far as the gateway said ({@code reason} null: it just stopped). */
    static String empty(UpstreamEvent.Finished.@Nullable Reason reason, Language language) {
        if (reason == null) {
            return Text.ANSWER_EMPTY.in(language);
        }
        return switch (reason) {
            case LENGTH -> Text.ANSWER_EMPTY_AT_LENGTH.in(language);
            case CONTENT_FILTER -> Text.ANSWER_EMPTY_FILTERED.in(language);
        };
    }

    /** The note under an answer cut by the length limit: ours when we sent one ({@code maxTokens} > 0), else the model's. */
    static String cut(int maxTokens, Language language) {
        return maxTokens > 0 ? Text.ANSWER_CUT_AT_LIMIT.in(language, maxTokens) : Text.ANSWER_CUT_BY_MODEL.in(language);
    }
}
