package dev.chatbridge.telegram.markup;

/**
 * How deep the renderers are in the Markdown tree, counted across blocks and inlines alike. Deeper nesting than
 * {@link #MAX_DEPTH} (only adversarial input has it) is rendered as plain text instead of recursing further.
 */
final class Nesting {

    private static final int MAX_DEPTH = 64;

    private int depth;

    /** Goes one level deeper, or answers false (and stays) when that would pass the limit. */
    boolean enter() {
        if (depth >= MAX_DEPTH) {
            return false;
        }
        depth++;
        return true;
    }

    void leave() {
        depth--;
    }
}
