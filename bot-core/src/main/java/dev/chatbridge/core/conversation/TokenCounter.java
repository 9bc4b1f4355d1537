package dev.chatbridge.core.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CompletableFuture;

/**
 * Counts tokens the way OpenAI models do (o200k_base), which is close enough for the other
 * models a gateway serves to keep the context inside the window.
 *
 * <p>Every turn fits the conversation's history into the budget again, and that history is
 * mostly the texts counted on the turns before; tokenizing is the costly part (about 0.4 ms per
 * 4,000 characters), so recent texts keep their counts, up to {@link #REMEMBERED_CHARS} characters
 * of text in all.
 */
public final class TokenCounter {

    /** Every message costs a few tokens of framing on top of its text (role, separators). */
    private static final int TOKENS_PER_MESSAGE = 4;

    /** Texts shorter than this are counted again; remembering them would cost about as much. */
    private static final int REMEMBER_FROM_CHARS = 64;

    /** About 8 MB of heap at most. */
    static final long REMEMBERED_CHARS = 4_000_000;

    /**
     * Loading o200k_base (200,000 ranks from jtokkit's file into {@link O200kTokens}' flat tables, about 4 MB that stay on
     * the heap) takes a few hundred milliseconds of CPU on a slow core. It loads on a thread of its own from construction
     * on, beside the rest of the startup; a count made before it is done waits for it.
     */
    private final CompletableFuture<O200kTokens> encoding = CompletableFuture.supplyAsync(
            O200kTokens::load,
            task -> Thread.ofPlatform().daemon().name("tokenizer-load").start(task));

    private final Cache<String, Integer> recent = Caffeine.newBuilder()
            // Evict on the caller's thread: Caffeine's default is ForkJoinPool.commonPool(), which the
            // OpenAI SDK sends every request through (one worker on 2 cores).
            .executor(Runnable::run)
            .maximumWeight(REMEMBERED_CHARS)
            .weigher((String text, Integer tokens) -> text.length())
            .build();

    public int count(String text) {
        O200kTokens encoding = this.encoding.join();
        int tokens = text.length() < REMEMBER_FROM_CHARS ? encoding.count(text) : recent.get(text, encoding::count);
        return tokens + TOKENS_PER_MESSAGE;
    }

    public int count(Turn turn) {
        return count(turn.text());
    }

    /** How many texts keep their counts right now. */
    long remembered() {
        recent.cleanUp();
        return recent.estimatedSize();
    }
}
