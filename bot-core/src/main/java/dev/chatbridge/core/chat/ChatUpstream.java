package dev.chatbridge.core.chat;

import reactor.core.publisher.Flux;

/** The AI gateway, as the chat use case sees it: a stream of text deltas, or an error. */
public interface ChatUpstream {

    Flux<String> stream(ChatRequest request);
}
