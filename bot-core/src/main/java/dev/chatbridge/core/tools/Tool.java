package dev.chatbridge.core.tools;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Something the model may call. Arguments arrive already checked against {@link ToolSpec#parametersSchema()}. */
public interface Tool {

    ToolSpec spec();

    /** How long one call may take before it is abandoned and reported as timed out. */
    Duration timeout();

    ToolOutput call(JsonNode arguments, ToolCaller caller) throws Exception;
}
