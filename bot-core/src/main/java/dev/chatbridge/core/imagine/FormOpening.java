package dev.chatbridge.core.imagine;

import org.jspecify.annotations.Nullable;

/** What a button that opens a form shows: the form, or (when it cannot be answered) a notice for the presser. */
public record FormOpening(@Nullable PromptForm form, String notice) {

    public static FormOpening of(PromptForm form) {
        return new FormOpening(form, "");
    }

    static FormOpening refused(String notice) {
        return new FormOpening(null, notice);
    }
}
