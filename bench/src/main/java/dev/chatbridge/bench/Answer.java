package dev.chatbridge.bench;

import dev.chatbridge.testsupport.openai.Reply;
import java.time.Duration;

/**
 * The scripted answer every conversation gets: the same Markdown, streamed by the fake gateway in chunks of
 * {@value #CHUNK_CHARS} characters every {@link #CHUNK_DELAY} (about 33 tokens a second, a typical model) after a
 * fixed {@link #TIME_TO_FIRST_TOKEN}.
 */
final class Answer {

    static final int CHUNK_CHARS = 4;
    static final Duration CHUNK_DELAY = Duration.ofMillis(30);
    static final Duration TIME_TO_FIRST_TOKEN = Duration.ofMillis(300);

    static final String TEXT = """
            Use slicing or `reversed()`; both leave the original list as it was.

            **Slicing** makes a reversed copy in one step:

            - `items[::-1]` returns a new list, last element first.
            - It works on strings and tuples too.

            **reversed()** gives an iterator, so wrap it when you need a list:

            - `list(reversed(items))` copies once.
            - `for item in reversed(items):` walks backwards without copying.

            To change the list itself, call `items.reverse()`: it reverses in place and returns `None`, \
            so never write `items = items.reverse()`.""";

    private Answer() {}

    static Reply reply() {
        return Reply.of(TEXT)
                .withChunkSize(CHUNK_CHARS)
                .withChunkDelay(CHUNK_DELAY)
                .withTimeToFirstToken(TIME_TO_FIRST_TOKEN);
    }

    /** The slow pacing of issue 16's outside measurement: the same text in {@value #SLOW_TOKENS} chunks. */
    static final int SLOW_TOKENS = 40;

    static final Duration SLOW_DELAY = Duration.ofMillis(50);

    /**
     * The same answer in {@value #SLOW_TOKENS} chunks every {@link #SLOW_DELAY}, after the same time to first token.
     * Only its overhead figures mean something: the freshness figures assume the chunks of {@link #reply()}.
     */
    static Reply slowReply() {
        return Reply.of(TEXT)
                .withChunkSize((TEXT.length() + SLOW_TOKENS - 1) / SLOW_TOKENS)
                .withChunkDelay(SLOW_DELAY)
                .withTimeToFirstToken(TIME_TO_FIRST_TOKEN);
    }

    static int chunks() {
        return (TEXT.length() + CHUNK_CHARS - 1) / CHUNK_CHARS;
    }

    /** How long the gateway streams one answer, from its first chunk to its last, at the nominal rate. */
    static Duration streamDuration() {
        return CHUNK_DELAY.multipliedBy(chunks() - 1L);
    }

    /**
     * The index of the chunk that carries the last character of {@code visible}, a prefix of the answer (the
     * bridge may strip trailing whitespace, which only ever makes the estimate older, never fresher).
     */
    static int newestChunk(String visible) {
        return Math.max(0, (visible.length() + CHUNK_CHARS - 1) / CHUNK_CHARS - 1);
    }

    static String question(long chatId) {
        return "Q" + chatId + ": how do I reverse a list in Python?";
    }

    /** The chat a question came from, or -1 for anything else (the probe's requests). */
    static long chatOf(String question) {
        int colon = question.indexOf(':');
        if (!question.startsWith("Q") || colon < 2) {
            return -1;
        }
        try {
            return Long.parseLong(question.substring(1, colon));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
