package dev.chatbridge.core.chat;

import reactor.core.publisher.Flux;

/**
 * The AI gateway, as the chat use case sees it: a stream of {@link UpstreamEvent}s (text deltas,
 * the tool calls the model asks for, the usage at the end), or an error.
 */
public interface ChatUpstream {

    Flux<UpstreamEvent> stream(ChatRequest request);
}
