package dev.chatbridge.core.quota;

import java.util.List;
import java.util.Map;

/**
 * What each user did today (UTC), for {@code /usage} and the admins' {@code /stats}, shared by the
 * replicas: counts per user, totals, and a ranking of users by tokens. Days are kept for a week.
 */
public interface UsageLedger {

    /** Adds to several fields of the user's day and the totals at once. */
    void add(QuotaUser user, Map<UsageField, Long> amounts);

    default void add(QuotaUser user, UsageField field, long amount) {
        add(user, Map.of(field, amount));
    }

    DailyUsage user(QuotaUser user);

    DailyUsage totals();

    long activeUsers();

    /** The users with the most tokens today, most first. */
    List<TopUser> top(int count);
}
