package dev.chatbridge.telegram;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Webhook mode: Telegram POSTs each update to {@code url} with {@code secret} in the
 * {@code X-Telegram-Bot-Api-Secret-Token} header. {@code dropPendingUpdates} discards what queued up
 * while no webhook was set; every replica registers the webhook when it starts, so leave it off
 * for rolling restarts.
 */
public record TelegramWebhook(String url, String secret, boolean dropPendingUpdates) {

    /** Telegram accepts 1-256 characters of A-Z a-z 0-9 _ - as secret_token. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    public TelegramWebhook {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        URI uri = URI.create(url);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "TELEGRAM_WEBHOOK_URL must look like https://bot.example.com/telegram, got " + url);
        }
        if (!SECRET.matcher(secret).matches()) {
            // Without a secret anyone who finds the URL could post forged updates.
            throw new IllegalArgumentException("TELEGRAM_WEBHOOK_SECRET must be set with TELEGRAM_WEBHOOK_URL: "
                    + "1-256 characters of A-Z a-z 0-9 _ -");
        }
    }

    /** The path Telegram posts to, which this app serves: the URL's path, or {@code /} without one. */
    public String path() {
        String path = URI.create(url).getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    public String toString() {
        return "TelegramWebhook[url=" + url + ", secret=<redacted>, dropPendingUpdates=" + dropPendingUpdates + "]";
    }
}
