package dev.chatbridge.core.imagine;

import dev.chatbridge.core.delivery.Button;
import dev.chatbridge.core.delivery.MessageSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a finished DESCRIBE task suggests: the proxies put four prompts in its {@code prompt} (also {@code promptEn},
 * {@code properties.finalPrompt}) as {@code "1️⃣ … --ar 4:3\n\n2️⃣ …\n\n3️⃣ …\n\n4️⃣ …"}. Each is shown with a button
 * that draws it through {@code /imagine} (not the task's {@code MJ::Job::PicReader} buttons, which only the proxies
 * with buttons know, and which open a Discord modal), so it works with both dialects.
 */
final class DescribedPrompts {

    /** The customId stored under a button that draws a suggested prompt; no proxy button has it. */
    static final String DRAW = "chatbridge::imagine";

    /** A keycap digit: the digit, an optional variation selector, and the combining keycap. */
    private static final Pattern NUMBER = Pattern.compile("[1-9]\\x{FE0F}?\\x{20E3}");

    private static final int BUTTONS_PER_ROW = 5;

    private DescribedPrompts() {}

    static boolean isDescribe(Task task) {
        return task.action().toUpperCase(Locale.ROOT).equals("DESCRIBE");
    }

    static boolean isDrawButton(String customId) {
        return DRAW.equals(customId);
    }

    /** The prompts in order, each stripped; a text without numbers is one prompt, a blank one none. */
    static List<String> parse(String text) {
        Matcher number = NUMBER.matcher(text);
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        while (number.find()) {
            starts.add(number.start());
            ends.add(number.end());
        }
        if (starts.isEmpty()) {
            return text.isBlank() ? List.of() : List.of(text.strip());
        }
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
            String prompt = text.substring(ends.get(i), end).strip();
            if (!prompt.isEmpty()) {
                prompts.add(prompt);
            }
        }
        return List.copyOf(prompts);
    }

    /**
     * The messages that show the prompts under {@code header}, numbered as the buttons are, each at most {@code
     * maxLength} characters: split between prompts (a prompt too long for one message is split, never cut).
     */
    static List<String> messages(String header, List<String> prompts, int maxLength) {
        StringBuilder text = new StringBuilder(header);
        for (int i = 0; i < prompts.size(); i++) {
            text.append("\n\n").append(face(i)).append(' ').append(prompts.get(i));
        }
        return MessageSplitter.split(text.toString(), maxLength);
    }

    /** One button per prompt, five to a row (Discord's most); each draws its prompt for the job's owner only. */
    static List<List<Button>> buttons(ButtonKeys keys, ImagineJob job, Task task, List<String> prompts) {
        List<Button> all = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            String key = keys.create(new ButtonKeys.Target(
                    task.id(), DRAW, job.ownerUserId(), job.platform(), job.chatId(), prompts.get(i)));
            all.add(new Button("🎨 " + face(i), key));
        }
        List<List<Button>> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BUTTONS_PER_ROW) {
            rows.add(List.copyOf(all.subList(i, Math.min(all.size(), i + BUTTONS_PER_ROW))));
        }
        return rows;
    }

    /** 1️⃣ … 9️⃣ as the proxies number them, then plain numbers. */
    private static String face(int index) {
        return index < 9 ? (index + 1) + "\uFE0F\u20E3" : Integer.toString(index + 1);
    }
}
