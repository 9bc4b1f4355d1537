package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;

/** What the progress message says for each state of a task. */
final class ImagineTexts {

    private static final int BAR_CELLS = 10;
    private static final int PROMPT_SHOWN = 200;

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

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
