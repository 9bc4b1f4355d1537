package dev.chatbridge.core.quota;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link UsageLedger} in memory, as the Redis one behaves: counts per user and in total for the
 * current UTC day on {@code clock}, and every user who did anything that day ranked by tokens.
 */
public final class InMemoryUsageLedger implements UsageLedger {

    private final Clock clock;
    private final Map<LocalDate, Day> days = new HashMap<>();

    public InMemoryUsageLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void add(QuotaUser user, Map<UsageField, Long> amounts) {
        Day day = today();
        Map<UsageField, Long> mine = day.users.computeIfAbsent(user, key -> new EnumMap<>(UsageField.class));
        amounts.forEach((field, amount) -> {
            mine.merge(field, amount, Long::sum);
            day.totals.merge(field, amount, Long::sum);
        });
    }

    @Override
    public synchronized DailyUsage user(QuotaUser user) {
        return DailyUsage.of(today().users.getOrDefault(user, Map.of()));
    }

    @Override
    public synchronized DailyUsage totals() {
        return DailyUsage.of(today().totals);
    }

    @Override
    public synchronized long activeUsers() {
        return today().users.size();
    }

    @Override
    public synchronized List<TopUser> top(int count) {
        return today().users.entrySet().stream()
                .map(entry -> new TopUser(
                        entry.getKey(), DailyUsage.of(entry.getValue()).tokens()))
                .sorted(Comparator.comparingLong(TopUser::tokens).reversed())
                .limit(count)
                .toList();
    }

    private Day today() {
        return days.computeIfAbsent(LocalDate.now(clock.withZone(ZoneOffset.UTC)), date -> new Day());
    }

    /** One UTC day's figures. */
    private static final class Day {
        private final Map<QuotaUser, Map<UsageField, Long>> users = new LinkedHashMap<>();
        private final Map<UsageField, Long> totals = new EnumMap<>(UsageField.class);
    }
}
