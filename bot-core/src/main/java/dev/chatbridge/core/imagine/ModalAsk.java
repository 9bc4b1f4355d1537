package dev.chatbridge.core.imagine;

import dev.chatbridge.core.text.Language;
import java.util.Objects;

/**
 * An open question to the user who pressed a button whose task waits in MODAL: which task, what it waits for, whose
 * it is, the prompt to offer, and until when the answer is taken. Stored in shared storage, so the answer may reach
 * any replica. {@code askId} is the short random id the ask's buttons and forms carry.
 */
public record ModalAsk(
        String askId,
        String taskId,
        ModalKind kind,
        String platform,
        String chatId,
        String ownerUserId,
        Language language,
        String prompt,
        long expiresAtMillis) {

    public ModalAsk {
        Objects.requireNonNull(askId, "askId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(ownerUserId, "ownerUserId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(prompt, "prompt");
    }

    public boolean expiredAt(long nowMillis) {
        return nowMillis > expiresAtMillis;
    }
}
