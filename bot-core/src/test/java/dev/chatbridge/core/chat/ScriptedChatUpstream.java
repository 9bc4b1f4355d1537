package dev.chatbridge.core.chat;

import dev.chatbridge.core.tools.ToolCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * A gateway that streams the replies a test scripted, one per request in order, and then answers
 * every further request with its fallback; it remembers every request.
 */
public final class ScriptedChatUpstream implements ChatUpstream {

    private final Deque<Flux<UpstreamEvent>> script = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();
    private final Function<ChatRequest, Flux<UpstreamEvent>> fallback;

    private ScriptedChatUpstream(Function<ChatRequest, Flux<UpstreamEvent>> fallback) {
        this.fallback = fallback;
    }

    /** Fails every request that was not scripted. */
    public static ScriptedChatUpstream scripted() {
        return new ScriptedChatUpstream(
                request -> Flux.error(new AssertionError("no reply scripted for '" + request.question() + "'")));
    }

    /** Answers every request that was not scripted with "re: " and the question. */
    public static ScriptedChatUpstream echoing() {
        return new ScriptedChatUpstream(request -> text("re: " + request.question()));
    }

    /** The next request gets {@code reply}. */
    public synchronized ScriptedChatUpstream then(Flux<UpstreamEvent> reply) {
        script.addLast(reply);
        return this;
    }

    /** The next request gets these text deltas and completes. */
    public ScriptedChatUpstream thenText(String... deltas) {
        return then(text(deltas));
    }

    /** The next request gets a round of tool calls and completes. */
    public ScriptedChatUpstream thenToolCalls(ToolCall... calls) {
        return then(Flux.just(new UpstreamEvent.ToolCalls(List.of(calls))));
    }

    public static Flux<UpstreamEvent> text(String... deltas) {
        return Flux.fromArray(deltas).map(UpstreamEvent.TextDelta::new);
    }

    @Override
    public synchronized Flux<UpstreamEvent> stream(ChatRequest request) {
        requests.add(request);
        Flux<UpstreamEvent> scripted = script.pollFirst();
        return scripted != null ? scripted : fallback.apply(request);
    }

    /** Forgets the script and the requests, for the next test. */
    public synchronized void reset() {
        script.clear();
        requests.clear();
    }

    /** Every request so far, in order. */
    public synchronized List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /** The question of every request so far, in order. */
    public synchronized List<String> questions() {
        return requests.stream().map(ChatRequest::question).toList();
    }
}
