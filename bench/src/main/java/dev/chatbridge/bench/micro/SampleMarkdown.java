package dev.chatbridge.bench.micro;

/** Model-style Markdown of a chosen length: headings, paragraphs, lists, inline code, links and code fences. */
public final class SampleMarkdown {

    private static final String SECTION = """
            ## Step %d: read the file in pieces

            Large files should be **streamed**, not loaded whole. Python's `open()` returns an iterator, so a \
            `for` loop reads one line at a time and memory stays flat. See [the docs](https://docs.python.org/3/) \
            for details, and prefer `with` so the file is *always* closed.

            - Use `encoding="utf-8"` explicitly; the default depends on the platform.
            - Skip blank lines with `if not line.strip(): continue`.
            - Count with `collections.Counter` instead of a hand-made `dict`.

            ```python
            from collections import Counter

            def word_counts(path):
                counts = Counter()
                with open(path, encoding="utf-8") as handle:
                    for line in handle:
                        counts.update(line.lower().split())
                return counts
            ```

            1. Run it on a small sample first.
            2. Then time it with `python -m timeit`; a 1 GB file takes about 40 s on a laptop.

            """;

    private SampleMarkdown() {}

    /** As many whole sections as fit in {@code length} characters (at least one). */
    public static String ofLength(int length) {
        StringBuilder text = new StringBuilder("# Counting words in a large file\n\n");
        for (int step = 1; ; step++) {
            String section = SECTION.formatted(step);
            if (step > 1 && text.length() + section.length() > length) {
                return text.toString().strip();
            }
            text.append(section);
        }
    }
}
