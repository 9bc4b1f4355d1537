package dev.chatbridge.telegram.markup;

import java.util.ArrayList;
import java.util.List;

/**
 * The HTML being written. A start tag is written only when text first appears inside it, so no element is
 * empty, and a separator between blocks only when more text follows.
 */
final class HtmlOut {
    private final StringBuilder html = new StringBuilder();
    private final List<Tag> open = new ArrayList<>();
    private String separator = "";
    private int textWrites;

    static final class Tag {
        final String name;
        final String start;
        boolean written;

        Tag(String name, String start) {
            this.name = name;
            this.start = start;
        }
    }

    void open(String name, String start) {
        open.add(new Tag(name, start));
    }

    void close() {
        Tag tag = open.remove(open.size() - 1);
        if (tag.written) {
            html.append("</").append(tag.name).append('>');
        }
    }

    boolean isOpen(String name) {
        return open.stream().anyMatch(tag -> tag.name.equals(name));
    }

    void separate(String wanted) {
        if (!html.isEmpty() && wanted.length() > separator.length()) {
            separator = wanted;
        }
    }

    void text(String text) {
        if (text.isEmpty()) {
            return;
        }
        html.append(separator);
        separator = "";
        for (Tag tag : open) {
            if (!tag.written) {
                html.append(tag.start);
                tag.written = true;
            }
        }
        html.append(HtmlEscape.text(text));
        textWrites++;
    }

    int textWrites() {
        return textWrites;
    }

    /** Closes and sets aside {@code b i s} (everything above the block quote), for a code span. */
    List<Tag> suspendInlineTags() {
        int from = 0;
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).name.equals("blockquote")) {
                from = i + 1;
            }
        }
        List<Tag> suspended = new ArrayList<>(open.subList(from, open.size()));
        while (open.size() > from) {
            close();
        }
        return suspended;
    }

    /** Puts suspended tags back; they are written again before the next text. */
    void resume(List<Tag> suspended) {
        for (Tag tag : suspended) {
            open.add(new Tag(tag.name, tag.start));
        }
    }

    @Override
    public String toString() {
        return html.toString();
    }
}
