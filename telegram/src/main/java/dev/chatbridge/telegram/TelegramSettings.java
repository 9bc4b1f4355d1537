package dev.chatbridge.telegram;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the Telegram adapter runs. {@code streaming} picks how answers stream into private chats:
 * DRAFT uses Bot API 9.5's native {@code sendMessageDraft} preview and then sends the finished
 * message (so the notification carries the whole answer); EDIT sends the first words and edits
 * them. Groups always use EDIT, because drafts only work in private chats. {@code albumWait}: an album
 * (one message per photo) is answered once, with all its photos, when no part has arrived for
 * this long or a later message follows it.
 */
public record TelegramSettings(
        String botToken,
        String apiUrl,
        StreamingMode streaming,
        Duration privateChatInterval,
        Duration groupChatInterval,
        Duration pollTimeout,
        Duration albumWait) {

    public enum StreamingMode {
        DRAFT,
        EDIT
    }

    public TelegramSettings {
        Objects.requireNonNull(botToken, "botToken");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(streaming, "streaming");
        URI uri = URI.create(apiUrl);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "TELEGRAM_API_URL must look like https://api.telegram.org, got " + apiUrl);
        }
    }

    /** Settings with the default album wait (1 s: Telegram sends an album's parts within a few hundred ms). */
    public TelegramSettings(
            String botToken,
            String apiUrl,
            StreamingMode streaming,
            Duration privateChatInterval,
            Duration groupChatInterval,
            Duration pollTimeout) {
        this(botToken, apiUrl, streaming, privateChatInterval, groupChatInterval, pollTimeout, Duration.ofSeconds(1));
    }

    @Override
    public String toString() {
        return "TelegramSettings[botToken=<redacted>, apiUrl=" + apiUrl + ", streaming=" + streaming
                + ", privateChatInterval=" + privateChatInterval + ", groupChatInterval=" + groupChatInterval
                + ", pollTimeout=" + pollTimeout + ", albumWait=" + albumWait + "]";
    }
}
