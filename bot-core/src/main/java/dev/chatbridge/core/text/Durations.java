package dev.chatbridge.core.text;

import java.time.Duration;

/** Short, human durations for messages such as "try again in 42 s" / "3 h 12 min". */
public final class Durations {

    private Durations() {}

    public static String human(Duration duration, Language language) {
        boolean zh = language == Language.ZH;
        long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return seconds + (zh ? " 秒" : " s");
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return minutes + (zh ? " 分钟" : " min");
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        String h = hours + (zh ? " 小时" : " h");
        return rest == 0 ? h : h + " " + rest + (zh ? " 分钟" : " min");
    }
}
