package dev.chatbridge.core.tools;

import java.util.Objects;

/** One tool call the model asked for: its id (echoed with the result), the tool's name and the JSON arguments. */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}
