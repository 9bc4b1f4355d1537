package dev.chatbridge.core.tools;

/** A tool ran but could not do its job; the message goes to the model and the user, so it holds no secrets. */
public final class ToolFailure extends Exception {
    private final boolean timedOut;

    public ToolFailure(String message) {
        this(message, false);
    }

    private ToolFailure(String message, boolean timedOut) {
        super(message);
        this.timedOut = timedOut;
    }

    /**
     * The tool's own wait for an answer ran out. Reported like {@link ToolBox}'s limit on the call, which
     * it races: whichever fires first, the model and the user read the same words.
     */
    public static ToolFailure timedOut() {
        return new ToolFailure("timed out", true);
    }

    boolean isTimeout() {
        return timedOut;
    }
}
