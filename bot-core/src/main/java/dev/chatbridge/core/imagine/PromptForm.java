package dev.chatbridge.core.imagine;

import java.util.Objects;

/**
 * A form that asks for a prompt, for platforms that show one when a button is pressed (Discord's modal): its id (which
 * the submission carries back), title, the input's label and the prompt it starts with.
 */
public record PromptForm(String formId, String title, String label, String value) {

    /** Discord allows a 45-character title and input label, and 4000 characters per input. */
    public static final int MAX_TITLE = 45;

    public static final int MAX_LABEL = 45;

    public static final int MAX_VALUE = 4000;

    public PromptForm {
        Objects.requireNonNull(formId, "formId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        title = title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
        label = label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "…";
        value = value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE);
    }
}
