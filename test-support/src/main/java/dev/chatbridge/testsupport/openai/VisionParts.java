package dev.chatbridge.testsupport.openai;

import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Checks image parts as OpenAI does: a {@code data:} URL must hold valid base64 of a PNG, JPEG, WebP or GIF. */
final class VisionParts {
    private static final Set<String> TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/gif");

    private VisionParts() {}

    /** The problem with the request's first bad image part, or null when every part is fine. */
    static @Nullable String problem(JsonNode body) {
        for (JsonNode message : body.path("messages")) {
            for (JsonNode part : message.path("content")) {
                if (!"image_url".equals(part.path("type").asString(""))) {
                    continue;
                }
                String url = part.path("image_url").path("url").asString("");
                if (url.startsWith("http://") || url.startsWith("https://")) {
                    continue;
                }
                String why = checkDataUrl(url);
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    /** The bytes of a {@code data:...;base64,} URL, or null when it is not one. */
    static byte @Nullable [] decode(String url) {
        int comma = url.indexOf(',');
        if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable String checkDataUrl(String url) {
        byte[] bytes = decode(url);
        if (bytes == null) {
            return "Invalid image URL: expected a data:image/...;base64, URL or an http(s) URL";
        }
        String type = url.substring(5, url.indexOf(';'));
        if (!TYPES.contains(type)) {
            return "You uploaded an unsupported image. Please make sure your image has one of the following formats: "
                    + "['png', 'jpeg', 'gif', 'webp'].";
        }
        if (!matches(type, bytes)) {
            return "You uploaded an unsupported image. The image data does not match " + type + ".";
        }
        return null;
    }

    private static boolean matches(String type, byte[] b) {
        return switch (type) {
            case "image/png" -> b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
            case "image/jpeg" -> b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
            case "image/webp" -> b.length > 12 && b[0] == 'R' && b[8] == 'W';
            case "image/gif" -> b.length > 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F';
            default -> false;
        };
    }
}
