package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What the progress message says for each state of a task. */
final class ImagineTexts {

    private static final int BAR_CELLS = 10;
    private static final int PROMPT_SHOWN = 200;
    /** Telegram captions hold 1024 characters: the caption's own words take under 120. */
    private static final int CAPTION_PROMPT_ALONE = 800;

    private static final int CAPTION_PROMPT_SHARED = 420;
    private static final Pattern LINK = Pattern.compile("<?https?://\\S+>?");
    private static final Pattern PARAMETER = Pattern.compile("--[A-Za-z]+(?:\\s+(?!--)[^\\s]+)?");

    private ImagineTexts() {}

    static String progressBar(int percent) {
        int filled = Math.round(Math.clamp(percent, 0, 100) / (100f / BAR_CELLS));
        return "▓".repeat(filled) + "░".repeat(BAR_CELLS - filled);
    }

    static String status(Task.Status status, int progress, String prompt, Language language) {
        String shown = shorten(prompt, PROMPT_SHOWN);
        return switch (status) {
            case IN_PROGRESS -> Text.IMAGINE_PROGRESS.in(language, shown, progressBar(progress), progress);
            case NOT_START, SUBMITTED, MODAL, UNKNOWN -> Text.IMAGINE_WAITING.in(language, shown);
            case SUCCESS -> Text.IMAGINE_DONE.in(language, shown);
            case FAILURE -> Text.IMAGINE_FAILED.in(language, "");
            case CANCEL -> Text.IMAGINE_CANCELLED.in(language);
        };
    }

    /** The progress message as a status text, titled with the prompt (Discord shows it as an embed). */
    static OutgoingText progress(String prompt, OutgoingText.Stage stage, String text) {
        return OutgoingText.status(shorten(prompt, PROMPT_SHOWN), stage, text);
    }

    static OutgoingText.Stage stage(Task.Status status) {
        return switch (status) {
            case IN_PROGRESS -> OutgoingText.Stage.WORKING;
            case NOT_START, SUBMITTED, MODAL, UNKNOWN -> OutgoingText.Stage.WAITING;
            case SUCCESS -> OutgoingText.Stage.SUCCEEDED;
            case FAILURE, CANCEL -> OutgoingText.Stage.FAILED;
        };
    }

    /**
     * The picture's caption: the prompt, and what Midjourney really drew when the proxy changed the prompt
     * (translated it from Chinese, say). Both are shortened so the caption stays within Telegram's 1024
     * characters with room to spare.
     */
    static String caption(String prompt, @Nullable String finalPrompt, Language language) {
        if (finalPrompt == null || !differs(prompt, finalPrompt)) {
            return Text.IMAGINE_CAPTION.in(language, shorten(prompt, CAPTION_PROMPT_ALONE));
        }
        return Text.IMAGINE_CAPTION.in(language, shorten(prompt, CAPTION_PROMPT_SHARED))
                + "\n"
                + Text.IMAGINE_FINAL_PROMPT.in(language, shorten(finalPrompt.strip(), CAPTION_PROMPT_SHARED));
    }

    /**
     * Whether the proxy's final prompt says something the user's did not: compared without case, spacing,
     * links (image prompts come back rewritten as short links) and {@code --parameters} (proxies add
     * defaults such as {@code --v 6.1}), so only a real change in the words counts.
     */
    static boolean differs(String typed, String finalPrompt) {
        return !words(typed).equals(words(finalPrompt));
    }

    private static String words(String prompt) {
        return PARAMETER
                .matcher(LINK.matcher(prompt).replaceAll(" "))
                .replaceAll(" ")
                .replaceAll("\\s+", " ")
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    /** At most {@code max} characters, ending in "…" when cut; never cuts a character in two (emoji, surrogates). */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // keep the pair whole: its low half would be cut off
        }
        return text.substring(0, end) + "…";
    }
}
