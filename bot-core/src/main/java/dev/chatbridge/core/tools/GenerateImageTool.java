package dev.chatbridge.core.tools;

import dev.chatbridge.core.images.GeneratedImage;
import dev.chatbridge.core.images.ImageJobs;
import dev.chatbridge.core.images.ImagesException;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code generate_image}: draws through the images API as one of the user's daily image jobs; the
 * picture goes to the user as a photo. Over the limit, the model and the user are told why.
 */
public final class GenerateImageTool implements Tool {

    public static final String NAME = "generate_image";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ToolSpec SPEC = new ToolSpec(
            NAME,
            "Draws a picture from a text description and sends it to the user as a photo. "
                    + "Describe the picture in detail, in English.",
            """
            {"type":"object","properties":{"prompt":{"type":"string","minLength":1,\
            "description":"what to draw"}},"required":["prompt"],"additionalProperties":false}""");

    private final ImageJobs jobs;
    private final Duration timeout;

    public GenerateImageTool(ImageJobs jobs, Duration timeout) {
        this.jobs = jobs;
        this.timeout = timeout;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public ToolOutput call(JsonNode arguments, ToolCaller caller) throws ToolFailure {
        Optional<String> refusal = jobs.admit(caller.user(), caller.language());
        if (refusal.isPresent()) {
            throw new ToolFailure(refusal.get());
        }
        GeneratedImage image;
        try {
            image = jobs.draw(caller.user(), arguments.path("prompt").asString());
        } catch (ImagesException e) {
            throw new ToolFailure(e.getMessage());
        }
        ObjectNode result = JSON.createObjectNode();
        result.put(
                "status",
                "The picture was drawn and has already been sent to the user as a photo. "
                        + "Do not include a link or markdown image; just comment on it briefly.");
        if (image.revisedPrompt() != null) {
            result.put("revised_prompt", image.revisedPrompt());
        }
        return new ToolOutput(JSON.writeValueAsString(result), image);
    }
}
