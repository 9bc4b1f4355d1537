package dev.chatbridge.core.tools;

import java.util.Objects;
import java.util.regex.Pattern;

/** How a tool is offered to the model: its name, what it does, and the JSON schema of its arguments. */
public record ToolSpec(String name, String description, String parametersSchema) {

    /** OpenAI's rule for function names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ToolSpec {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersSchema, "parametersSchema");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a tool name is 1-64 of A-Z a-z 0-9 _ -: " + name);
        }
    }
}
