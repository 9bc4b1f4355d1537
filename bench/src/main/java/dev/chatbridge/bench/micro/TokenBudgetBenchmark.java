package dev.chatbridge.bench.micro;

import dev.chatbridge.core.conversation.ContextWindow;
import dev.chatbridge.core.conversation.TokenCounter;
import dev.chatbridge.core.conversation.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Token counting (jtokkit, o200k_base) and trimming a full history to the default 16,000-token budget. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenBudgetBenchmark {

    private TokenCounter counter = new TokenCounter();
    private List<Turn> history = List.of();
    private String answer = "";

    @Setup
    public void setUp() {
        counter = new TokenCounter();
        answer = SampleMarkdown.ofLength(4_000);
        String reply = SampleMarkdown.ofLength(1_200);
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            turns.add(Turn.user("How do I count words in a large file, variant " + i + "?"));
            turns.add(Turn.assistant(reply));
        }
        history = List.copyOf(turns);
    }

    private int variant;

    /** One answer of about 4,000 characters, never counted before (TokenCounter remembers the texts it counted). */
    @Benchmark
    public int count4000Chars() {
        return counter.count(answer + variant++);
    }

    /**
     * The stored maximum of 200 turns cut to a 16,000-token window, oldest pairs first: a continuing
     * conversation, whose earlier texts the counter has already counted.
     */
    @Benchmark
    public ContextWindow fit200TurnsInto16kTokens() {
        return ContextWindow.fit(history, 30, 16_000, counter);
    }
}
