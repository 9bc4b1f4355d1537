package dev.chatbridge.bench.micro;

import dev.chatbridge.telegram.markup.TelegramHtml;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Rendering a finished message from Markdown to Telegram HTML (commonmark-java). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TelegramHtmlBenchmark {

    private String markdown = "";

    @Setup
    public void setUp() {
        markdown = SampleMarkdown.ofLength(3_500);
    }

    /** One full message's worth (about 3,500 characters) of lists, code fences, links and emphasis. */
    @Benchmark
    public String render3500Chars() {
        return TelegramHtml.render(markdown);
    }
}
