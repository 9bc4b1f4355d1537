package dev.chatbridge.core.imagine;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * Short keys for task buttons. Midjourney customIds run to ~80 characters, while Telegram's
 * callback_data holds 64 bytes and Discord's custom_id 100 characters, so a button carries
 * {@code mj:<10 random chars>} and shared storage maps it to the task, the customId, the owner and
 * an expiry. Pressing claims the key once, so a double press starts one job.
 */
public interface ButtonKeys {

    String PREFIX = "mj:";

    /** Stores what the button does under a new key, for the buttons' lifetime; returns the key. */
    String create(Target target);

    /** The button's target, or empty when it expired (or never existed). */
    Optional<Target> resolve(String key);

    /** True for the first press of a button, false for every later one (on any replica). */
    boolean claimPress(String key);

    /** Lets a press be retried after the proxy refused it. */
    void releasePress(String key);

    /** What a button does, and who may press it. */
    record Target(String taskId, String customId, String ownerUserId, String platform, String chatId, String prompt) {
        public Target {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(customId, "customId");
            Objects.requireNonNull(ownerUserId, "ownerUserId");
        }
    }

    /** A new key: {@link #PREFIX} and 10 characters that cannot be guessed or confused (no 0/O, 1/l/I). */
    static String newKey() {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < KeyAlphabet.LENGTH; i++) {
            key.append(KeyAlphabet.CHARS.charAt(KeyAlphabet.RANDOM.nextInt(KeyAlphabet.CHARS.length())));
        }
        return key.toString();
    }

    /** Holds {@link #newKey}'s constants: an interface cannot have private fields. */
    final class KeyAlphabet {
        private static final String CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        private static final int LENGTH = 10;
        private static final SecureRandom RANDOM = new SecureRandom();

        private KeyAlphabet() {}
    }
}
