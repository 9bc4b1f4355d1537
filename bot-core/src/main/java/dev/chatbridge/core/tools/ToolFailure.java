package dev.chatbridge.core.tools;

/** A tool ran but could not do its job; the message goes to the model and the user, so it holds no secrets. */
public final class ToolFailure extends Exception {
    public ToolFailure(String message) {
        super(message);
    }
}
