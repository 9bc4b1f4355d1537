package dev.chatbridge.core;

import dev.chatbridge.core.images.ImageJobs;
import dev.chatbridge.core.net.OutboundProxies;
import dev.chatbridge.core.tools.CurrentTimeTool;
import dev.chatbridge.core.tools.GenerateImageTool;
import dev.chatbridge.core.tools.Tool;
import dev.chatbridge.core.tools.ToolBox;
import dev.chatbridge.core.upstream.http.HttpTool;
import dev.chatbridge.core.upstream.http.HttpToolSettings;
import dev.chatbridge.core.upstream.openai.ImagesSettings;
import dev.chatbridge.core.vision.VisionSettings;
import dev.chatbridge.core.voice.VoiceSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Vision, image generation and tools: the image size cap and vision model, the images API, the
 * operator's HTTP tools with the cap on tool rounds.
 */
public record ChatFeatures(
        VisionSettings vision,
        ImagesSettings images,
        List<HttpToolSettings> httpTools,
        int maxToolRounds,
        Duration imageToolTimeout,
        VoiceSettings voice) {

    public ChatFeatures {
        httpTools = List.copyOf(httpTools);
    }

    /** With voice transcription's defaults. */
    public ChatFeatures(
            VisionSettings vision,
            ImagesSettings images,
            List<HttpToolSettings> httpTools,
            int maxToolRounds,
            Duration imageToolTimeout) {
        this(vision, images, httpTools, maxToolRounds, imageToolTimeout, VoiceSettings.defaults());
    }

    /** The same features with other voice settings. */
    public ChatFeatures withVoice(VoiceSettings other) {
        return new ChatFeatures(vision, images, httpTools, maxToolRounds, imageToolTimeout, other);
    }

    /** Vision with defaults, the images API at the gateway (auto-detected route), built-in tools only. */
    public static ChatFeatures defaults(String gatewayBaseUrl, String apiKey) {
        return new ChatFeatures(
                VisionSettings.defaults(),
                new ImagesSettings(
                        gatewayBaseUrl,
                        apiKey,
                        ImagesSettings.Route.AUTO,
                        "dall-e-3",
                        null,
                        Duration.ofMinutes(2),
                        20L * 1024 * 1024),
                List.of(),
                5,
                Duration.ofMinutes(2));
    }

    /** The built-in tools (current_time, generate_image) and the operator's HTTP tools (through {@code proxies}). */
    ToolBox toolBox(ImageJobs imageJobs, OutboundProxies proxies) {
        List<Tool> tools = new ArrayList<>();
        tools.add(new CurrentTimeTool(Clock.systemUTC()));
        tools.add(new GenerateImageTool(imageJobs, imageToolTimeout));
        httpTools.forEach(settings -> tools.add(new HttpTool(settings, proxies)));
        return new ToolBox(tools, maxToolRounds);
    }
}
