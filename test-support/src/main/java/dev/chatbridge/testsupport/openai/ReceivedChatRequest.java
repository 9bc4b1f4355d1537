package dev.chatbridge.testsupport.openai;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One chat completion request {@link FakeOpenAiServer} received.
 *
 * @param body the request JSON as sent
 * @param messages the conversation, text parts joined per message
 * @param firstChunkSentAt when the first content chunk (or the whole answer) went out; null if none did
 */
public record ReceivedChatRequest(
        String model,
        JsonNode body,
        List<Msg> messages,
        Instant receivedAt,
        @Nullable Instant firstChunkSentAt) {

    /** One message: its role, its text parts joined by newlines, and the URLs of its image parts. */
    public record Msg(String role, String text, List<String> imageUrls) {
        public Msg {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
            imageUrls = List.copyOf(imageUrls);
        }

        /** The bytes of this message's {@code data:} image parts, in order. */
        public List<byte[]> imageBytes() {
            List<byte[]> bytes = new ArrayList<>();
            for (String url : imageUrls) {
                byte[] decoded = VisionParts.decode(url);
                if (decoded != null) {
                    bytes.add(decoded);
                }
            }
            return bytes;
        }

        static Msg from(JsonNode message) {
            String role = message.path("role").asString("");
            JsonNode content = message.path("content");
            if (!content.isArray()) {
                return new Msg(role, content.isString() ? content.asString() : "", List.of());
            }
            List<String> texts = new ArrayList<>();
            List<String> images = new ArrayList<>();
            for (JsonNode part : content) {
                switch (part.path("type").asString("")) {
                    case "text" -> texts.add(part.path("text").asString(""));
                    case "image_url" ->
                        images.add(part.path("image_url").path("url").asString(""));
                    default -> {}
                }
            }
            return new Msg(role, String.join("\n", texts), images);
        }
    }

    public ReceivedChatRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(body, "body");
        messages = List.copyOf(messages);
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public boolean stream() {
        return body.path("stream").asBoolean(false);
    }

    /** The cap on the answer's tokens: {@code max_tokens}, or else {@code max_completion_tokens}; null when neither is sent. */
    public @Nullable Integer maxTokens() {
        for (String field : List.of("max_tokens", "max_completion_tokens")) {
            JsonNode value = body.path(field);
            if (value.isNumber()) {
                return value.asInt();
            }
        }
        return null;
    }

    /** The last {@code user} message, or null when there is none. */
    public @Nullable Msg lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i);
            }
        }
        return null;
    }

    /** The text of the last {@code user} message, or "" when there is none. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).text();
            }
        }
        return "";
    }
}
