package dev.chatbridge.core.text;

import java.time.Duration;

/** Short, human durations for messages such as "try again in 42 s" / "3 h 12 min". */
public final class Durations {

    static final String SECONDS = "duration.seconds";
    static final String MINUTES = "duration.minutes";
    static final String HOURS = "duration.hours";

    private Durations() {}

    public static String human(Duration duration, Language language) {
        long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return Messages.get(SECONDS, language, seconds);
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return Messages.get(MINUTES, language, minutes);
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        String h = Messages.get(HOURS, language, hours);
        return rest == 0 ? h : h + " " + Messages.get(MINUTES, language, rest);
    }
}
