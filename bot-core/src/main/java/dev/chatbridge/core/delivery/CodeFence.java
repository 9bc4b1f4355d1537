package dev.chatbridge.core.delivery;

import org.jspecify.annotations.Nullable;

/** The opening line of a fenced code block, without its line break. */
record CodeFence(String openingLine, int indent, char marker, int length) {

    String reopen() {
        return openingLine + "\n";
    }

    String close(boolean atLineStart) {
        return (atLineStart ? "" : "\n")
                + " ".repeat(indent)
                + String.valueOf(marker).repeat(length);
    }

    boolean isClosedBy(String line) {
        int indent = leadingSpaces(line);
        int run = run(line, indent, marker);
        return indent <= 3 && run >= length && line.substring(indent + run).isBlank();
    }

    static @Nullable CodeFence opening(String line) {
        int indent = leadingSpaces(line);
        if (indent > 3 || indent >= line.length()) {
            return null;
        }
        char marker = line.charAt(indent);
        int run = run(line, indent, marker);
        if ((marker != '`' && marker != '~') || run < 3) {
            return null;
        }
        if (marker == '`' && line.indexOf('`', indent + run) >= 0) {
            return null;
        }
        return new CodeFence(line, indent, marker, run);
    }

    static int leadingSpaces(String line) {
        return run(line, 0, ' ');
    }

    static int run(String s, int from, char c) {
        int i = from;
        while (i < s.length() && s.charAt(i) == c) {
            i++;
        }
        return i - from;
    }
}
