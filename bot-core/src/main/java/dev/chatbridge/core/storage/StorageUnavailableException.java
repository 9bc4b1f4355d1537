package dev.chatbridge.core.storage;

/** Redis could not be reached or answered with an error; the user is told to try again. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
