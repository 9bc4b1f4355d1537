package dev.chatbridge.bench.micro;

import dev.chatbridge.core.delivery.MessageSplitter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Splitting a long answer into Telegram-sized messages; runs on every streamed update and on the final one. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MessageSplitterBenchmark {

    private String markdown = "";

    @Setup
    public void setUp() {
        markdown = SampleMarkdown.ofLength(12_000);
    }

    /** About 12,000 characters with code fences: three messages of at most 4096. */
    @Benchmark
    public List<String> split12kInto4096() {
        return MessageSplitter.split(markdown, 4096);
    }
}
