package dev.chatbridge.core.message;

import org.jspecify.annotations.Nullable;

/**
 * What a platform adapter hands the core, as a closed set: the core reads it with exhaustive
 * switches, so a new kind of event shows every place that must handle it.
 */
public sealed interface InboundEvent permits UserMessage, AlbumPart, ButtonPress, UnsupportedMessage {

    /** The adapter's platform, e.g. {@code tg} or {@code dc}. */
    String platform();

    /** The platform's id of this event, unique per platform: repeated deliveries carry the same id. */
    String eventId();

    String userId();

    /** The user's client language as the platform reports it (e.g. {@code zh-hans}), or null. */
    @Nullable
    String languageCode();
}
