package dev.chatbridge.core.pipeline;

import java.util.Objects;

/**
 * What became of an event the moment an adapter handed it over: taken (queued in shared storage,
 * or being handled), a repeated delivery of one already taken, or not taken because shared storage
 * is unreachable. In the last case nothing was said to the user and nothing is kept: the adapter
 * must have the platform deliver it again (a webhook answers 503; long polling does not confirm
 * the update) or keep it until storage is back.
 *
 * @param notice for a button press, the short text the platform shows to the presser (may be empty)
 */
public record Reception(Outcome outcome, String notice) {

    public enum Outcome {
        TAKEN,
        REPEATED,
        STORAGE_UNAVAILABLE
    }

    public Reception {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(notice, "notice");
    }

    static final Reception TAKEN = new Reception(Outcome.TAKEN, "");
    static final Reception REPEATED = new Reception(Outcome.REPEATED, "");
    static final Reception STORAGE_UNAVAILABLE = new Reception(Outcome.STORAGE_UNAVAILABLE, "");

    static Reception taken(String notice) {
        return new Reception(Outcome.TAKEN, notice);
    }

    /** Whether the adapter may acknowledge the platform's delivery. */
    public boolean acknowledged() {
        return outcome != Outcome.STORAGE_UNAVAILABLE;
    }
}
