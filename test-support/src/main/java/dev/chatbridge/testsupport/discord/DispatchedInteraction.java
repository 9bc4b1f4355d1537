package dev.chatbridge.testsupport.discord;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An interaction the fake sent to the bot, and how the bot answered it: the callback type (5 deferred reply,
 * 6 deferred update, 4 message, 8 autocomplete result, 9 modal), how long after the dispatch it came, the original response
 * message, and the autocomplete choices.
 */
public final class DispatchedInteraction {

    final String id;
    final String token;
    final int type;
    final String channelId;
    final @Nullable String guildId;
    final String userId;
    final long dispatchedAtNanos = System.nanoTime();
    volatile int callbackType = -1;
    volatile @Nullable Duration ackedAfter;
    volatile @Nullable String originalMessageId;
    volatile @Nullable JsonNode choices;
    volatile boolean ephemeral;
    volatile @Nullable JsonNode modal;
    final AtomicInteger originalEditsByRoute = new AtomicInteger();
    final AtomicInteger originalEditsById = new AtomicInteger();

    DispatchedInteraction(
            String id, String token, int type, String channelId, @Nullable String guildId, String userId) {
        this.id = id;
        this.token = token;
        this.type = type;
        this.channelId = channelId;
        this.guildId = guildId;
        this.userId = userId;
    }

    public String id() {
        return id;
    }

    public String channelId() {
        return channelId;
    }

    public boolean acknowledged() {
        return callbackType != -1;
    }

    /** The callback type the bot answered with, or -1 while unanswered. */
    public int callbackType() {
        return callbackType;
    }

    public @Nullable Duration acknowledgedAfter() {
        return ackedAfter;
    }

    public @Nullable String originalMessageId() {
        return originalMessageId;
    }

    /** The autocomplete choices the bot returned (an array of {name, value}), or null. */
    public @Nullable JsonNode choices() {
        return choices;
    }

    /** The modal the bot answered with (callback type 9: custom_id, title, components), or null. */
    public @Nullable JsonNode modal() {
        return modal;
    }

    /** The interaction's type: 2 command, 3 component, 4 autocomplete, 5 modal submit. */
    public int type() {
        return type;
    }

    /** True when the bot's response is visible to the presser only. */
    public boolean ephemeral() {
        return ephemeral;
    }

    /** Edits of the original response through its documented route, {@code PATCH …/messages/@original}. */
    public int originalEditsThroughOriginalRoute() {
        return originalEditsByRoute.get();
    }

    /**
     * Edits of the original response through the follow-up route with its message id ({@code PATCH
     * …/messages/{id}}), which Discord does not document for the original response (shared/WIRE.md).
     */
    public int originalEditsById() {
        return originalEditsById.get();
    }
}
