package dev.chatbridge.core.imagine;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Custom Zoom's factor, carried in the prompt as {@code --zoom 1.5}; Midjourney takes 1.0 to 2.0. */
final class ZoomFactor {

    static final String DEFAULT_SUFFIX = " --zoom 2";
    private static final Pattern ZOOM = Pattern.compile("(?:^|\\s)--zoom\\s+(\\S+)");

    private ZoomFactor() {}

    /** Empty when the prompt carries a valid factor; else the factor as the user wrote it ("" when missing). */
    static Optional<String> problem(String prompt) {
        Matcher matcher = ZOOM.matcher(prompt);
        if (!matcher.find()) {
            return Optional.of("");
        }
        String written = matcher.group(1);
        try {
            double factor = Double.parseDouble(written);
            return factor >= 1.0 && factor <= 2.0 ? Optional.empty() : Optional.of(written);
        } catch (NumberFormatException e) {
            return Optional.of(written);
        }
    }

    /** The prompt to offer: with a factor, adding the default one where it has none. */
    static String withFactor(String prompt) {
        return ZOOM.matcher(prompt).find() ? prompt : prompt.strip() + DEFAULT_SUFFIX;
    }
}
