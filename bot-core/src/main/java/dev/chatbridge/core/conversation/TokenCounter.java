package dev.chatbridge.core.conversation;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens the way OpenAI models do (o200k_base), which is close enough for the other
 * models a gateway serves to keep the context inside the window.
 */
public final class TokenCounter {

    /** Every message costs a few tokens of framing on top of its text (role, separators). */
    private static final int TOKENS_PER_MESSAGE = 4;

    private final Encoding encoding =
            Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    public int count(String text) {
        return encoding.countTokensOrdinary(text) + TOKENS_PER_MESSAGE;
    }

    public int count(Turn turn) {
        return count(turn.text());
    }
}
