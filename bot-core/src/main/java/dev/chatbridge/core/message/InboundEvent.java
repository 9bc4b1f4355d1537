package dev.chatbridge.core.message;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a platform adapter hands the core, as a closed set: the core reads it with exhaustive
 * switches, so a new kind of event shows every place that must handle it.
 */
public sealed interface InboundEvent permits UserMessage, AlbumPart, ButtonPress, UnsupportedMessage, PromptReply {

    /** The adapter's platform, e.g. {@code tg} or {@code dc}. */
    String platform();

    /** The platform's id of this event, unique per platform: repeated deliveries carry the same id. */
    String eventId();

    String userId();

    /**
     * The ids of the places the event happened in, for {@code BOT_ALLOWED_CHATS}: the chat as the platform
     * names it (a Telegram group, not its topic), and on Discord also a thread's parent channel and the guild.
     */
    List<String> places();

    /** The user's client language as the platform reports it (e.g. {@code zh-hans}), or null. */
    @Nullable
    String languageCode();
}
