package dev.chatbridge.core.chat;

import java.util.function.Consumer;
import reactor.core.publisher.Flux;

/** The AI gateway, as the chat use case sees it: a stream of text deltas, or an error. */
public interface ChatUpstream {

    Flux<String> stream(ChatRequest request);

    /**
     * Like {@link #stream(ChatRequest)}, and hands the gateway's token usage to {@code usage} when
     * it reports one (OpenAI's {@code stream_options.include_usage} final chunk). A side channel
     * until the stream carries a usage event itself; upstreams without usage never call it.
     */
    default Flux<String> stream(ChatRequest request, Consumer<TokenUsage> usage) {
        return stream(request);
    }
}
