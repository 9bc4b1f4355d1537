package dev.chatbridge.core.observe;

import org.slf4j.MDC;

/**
 * A correlation id per platform update ({@code platform-eventId}), put in the logging MDC as
 * {@code cid} on every thread that works on the update, so one update's log lines can be found
 * together (the JSON log format carries it as a field).
 */
public final class Correlation {

    public static final String MDC_KEY = "cid";

    private Correlation() {}

    public static String idFor(String platform, String eventId) {
        return platform + "-" + eventId;
    }

    /** Sets the id on the current thread until the returned handle is closed. */
    public static MDC.MDCCloseable open(String id) {
        return MDC.putCloseable(MDC_KEY, id);
    }

    /** {@code work}, running with the id set on whatever thread runs it. */
    public static Runnable carrying(String id, Runnable work) {
        return () -> {
            try (MDC.MDCCloseable ignored = open(id)) {
                work.run();
            }
        };
    }
}
