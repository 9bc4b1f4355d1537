package dev.chatbridge.core.chat;

import java.util.List;

/** The models the gateway offers, for {@code /models}, {@code /model} and the platforms' pickers. */
public interface ModelCatalog {

    /** Model ids in the gateway's order; throws {@link ModelListUnavailableException} when it cannot be read. */
    List<String> models();

    /** The model list could not be read; the message says why, without secrets. */
    final class ModelListUnavailableException extends RuntimeException {
        private final boolean retryable;

        public ModelListUnavailableException(String message) {
            this(message, false);
        }

        public ModelListUnavailableException(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        /** Worth asking again: the gateway was unreachable or failed on its side. */
        public boolean retryable() {
            return retryable;
        }
    }
}
