package dev.chatbridge.core.delivery;

import java.util.Objects;

/**
 * A button under a message. {@code key} is the short id the platform sends back when it is
 * pressed (Telegram allows 64 bytes of callback_data, Discord 100 characters of custom_id).
 */
public record Button(String text, String key) {

    public static final int MAX_KEY_BYTES = 64;

    public Button {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("button key must be 1.." + MAX_KEY_BYTES + " bytes: " + key);
        }
    }
}
