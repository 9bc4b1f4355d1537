package dev.chatbridge.core.chat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The models the gateway offers, for {@code /models}, {@code /model} and the platforms' pickers. */
public interface ModelCatalog {

    /** Model ids users may choose, in the order to show them; throws {@link ModelListUnavailableException} when it cannot be read. */
    List<String> models();

    /**
     * What {@code /model <name>} names. The list is read only when needed; it throws
     * {@link ModelListUnavailableException} when it cannot be.
     */
    default Choice choose(String wanted) {
        return models().stream()
                .filter(id -> id.equalsIgnoreCase(wanted.strip()))
                .findFirst()
                .<Choice>map(Choice.Offered::new)
                .orElseGet(Choice.Unknown::new);
    }

    /** The operator's short name for this model id, if it has one. */
    default Optional<String> aliasOf(String modelId) {
        return Optional.empty();
    }

    /** The models whose id or alias contains {@code typed} (case-insensitive), at most {@code limit} of them. */
    default List<String> search(String typed, int limit) {
        String needle = typed.strip().toLowerCase(Locale.ROOT);
        return models().stream()
                .filter(id -> id.toLowerCase(Locale.ROOT).contains(needle)
                        || aliasOf(id).filter(alias -> alias.contains(needle)).isPresent())
                .limit(limit)
                .toList();
    }

    /** The answer to a wanted model name. */
    sealed interface Choice {
        /** A model users may choose, by its gateway id (an alias already resolved). */
        record Offered(String id) implements Choice {}

        /** The operator excluded this model. */
        record Excluded(String id) implements Choice {}

        /** Neither an alias nor a model the gateway lists. */
        record Unknown() implements Choice {}
    }

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
