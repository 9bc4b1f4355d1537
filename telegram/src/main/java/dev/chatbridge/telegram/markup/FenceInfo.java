package dev.chatbridge.telegram.markup;

import java.util.regex.Pattern;
import org.commonmark.node.FencedCodeBlock;

/**
 * A fenced code block's info string split into the language it names, if its first word looks like one (Telegram
 * shows it on the block), and the rest. Models write more than a language there ({@code ```python main.py}) or no
 * language at all, as when a fence line is followed by prose ({@code ``` **bold** _it_}); those words are shown as a
 * line of text above the code, so they are never lost and the code stays verbatim.
 */
record FenceInfo(String language, String rest, String code) {

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+#.-]{0,31}");

    static FenceInfo of(FencedCodeBlock block) {
        String info = block.getInfo() == null ? "" : block.getInfo().strip();
        String code = PlainText.withoutFinalNewline(block.getLiteral());
        String[] words = info.split("\\s+", 2);
        String language = LANGUAGE.matcher(words[0]).matches() ? words[0] : "";
        String rest = language.isEmpty() ? info : words.length > 1 ? words[1].strip() : "";
        return new FenceInfo(language, rest, code);
    }

    /** All of it as plain text: the rest of the info string on a line of its own, then the code. */
    String plain() {
        return rest.isEmpty() ? code : code.isEmpty() ? rest : rest + "\n" + code;
    }
}
