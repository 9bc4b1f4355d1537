package dev.chatbridge.core.quota;

import java.util.Map;

/** One day's figures, of one user or of everyone. */
public record DailyUsage(long messages, long tokensIn, long tokensOut, long images, long refused) {

    static DailyUsage of(Map<Object, Object> fields) {
        return new DailyUsage(
                get(fields, UsageLedger.MESSAGES),
                get(fields, UsageLedger.TOKENS_IN),
                get(fields, UsageLedger.TOKENS_OUT),
                get(fields, UsageLedger.IMAGES),
                get(fields, UsageLedger.REFUSED));
    }

    public long tokens() {
        return tokensIn + tokensOut;
    }

    private static long get(Map<Object, Object> fields, String field) {
        Object value = fields.get(field);
        return value == null ? 0 : Long.parseLong(value.toString());
    }
}
