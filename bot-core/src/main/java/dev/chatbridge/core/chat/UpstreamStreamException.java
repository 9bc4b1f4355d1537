package dev.chatbridge.core.chat;

import java.io.IOException;

/**
 * The gateway's SSE stream went wrong in a way the SDK would not notice: an error object sent
 * mid-stream, or a stream that ended without {@code data: [DONE]}. An IOException so it travels
 * through OkHttp and the SDK to the subscriber.
 */
public final class UpstreamStreamException extends IOException {

    public UpstreamStreamException(String message) {
        super(message);
    }
}
