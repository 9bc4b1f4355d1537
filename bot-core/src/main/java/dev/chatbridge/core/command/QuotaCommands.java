package dev.chatbridge.core.command;

import dev.chatbridge.core.access.AccessControl;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.quota.LimitKind;
import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.quota.Quotas;
import dev.chatbridge.core.quota.TopUser;
import dev.chatbridge.core.text.Durations;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * {@code /usage} for everyone; {@code /stats}, {@code /allow}, {@code /block} and {@code /limit} for
 * admins ({@link CommandHandler} lets only them through).
 */
public final class QuotaCommands {

    private static final int TOP_USERS = 10;
    private static final Set<String> DEFAULT_WORDS = Set.of("default", "reset", "默认");

    private final Quotas quotas;
    private final AccessControl access;
    private final LongSupplier deadLetters;

    /** {@code deadLetters}: how many messages the conversation pipeline has set aside as unanswerable. */
    public QuotaCommands(Quotas quotas, AccessControl access, LongSupplier deadLetters) {
        this.quotas = quotas;
        this.access = access;
        this.deadLetters = deadLetters;
    }

    public String handle(Command command, UserMessage message, Language language) {
        if (command.name().equals("usage")) {
            return usage(new QuotaUser(message.platform(), message.userId()), language);
        }
        String[] args = command.argument().isEmpty()
                ? new String[0]
                : command.argument().split("\\s+");
        return switch (command.name()) {
            case "stats" -> stats(language);
            case "allow" -> {
                if (args.length != 1) {
                    yield Text.ALLOW_USAGE.in(language);
                }
                access.allow(args[0]);
                yield Text.ALLOWED_USER.in(language, args[0]);
            }
            case "block" -> {
                if (args.length != 1) {
                    yield Text.BLOCK_USAGE.in(language);
                }
                yield access.block(args[0])
                        ? Text.BLOCKED_USER.in(language, args[0])
                        : Text.BLOCK_ADMIN_REFUSED.in(language, args[0]);
            }
            case "limit" -> limit(args, message, language);
            default -> throw new IllegalArgumentException("not a quota command: " + command.name());
        };
    }

    private String usage(QuotaUser user, Language language) {
        Quotas.Usage usage = quotas.usage(user);
        var limits = usage.limits();
        String tokens = limits.dailyTokens() > 0
                ? Text.USAGE_TOKENS_LEFT.in(language, usage.tokensLeft(), limits.dailyTokens())
                : Text.USAGE_UNLIMITED.in(language);
        return Text.USAGE.in(
                language,
                usage.today().messages(),
                limits.messagesPerMinute() > 0 ? limits.messagesPerMinute() : "∞",
                usage.today().tokensIn(),
                usage.today().tokensOut(),
                tokens,
                usage.today().images(),
                limits.dailyImageJobs() > 0 ? limits.dailyImageJobs() : "∞",
                Durations.human(usage.resetsIn(), language));
    }

    private String stats(Language language) {
        Quotas.Stats stats = quotas.stats(TOP_USERS);
        StringBuilder top = new StringBuilder();
        List<TopUser> users = stats.top();
        for (int i = 0; i < users.size(); i++) {
            top.append(i + 1)
                    .append(". `")
                    .append(users.get(i).user().key())
                    .append("` — ")
                    .append(users.get(i).tokens())
                    .append('\n');
        }
        return Text.STATS.in(
                language,
                stats.activeUsers(),
                stats.totals().messages(),
                stats.totals().refused(),
                stats.totals().tokensIn(),
                stats.totals().tokensOut(),
                stats.totals().images(),
                access.blocked().size(),
                deadLetters.getAsLong(),
                top.isEmpty() ? "—" : top.toString().strip());
    }

    private String limit(String[] args, UserMessage message, Language language) {
        Optional<LimitKind> kind = args.length == 3 ? LimitKind.parse(args[1]) : Optional.empty();
        if (kind.isEmpty()) {
            return Text.LIMIT_USAGE.in(language);
        }
        QuotaUser user = new QuotaUser(message.platform(), args[0]);
        String value = args[2].toLowerCase(Locale.ROOT);
        if (DEFAULT_WORDS.contains(value)) {
            quotas.setLimit(user, kind.get(), -1);
            return Text.LIMIT_CLEARED.in(language, kind.get().word(), args[0]);
        }
        long amount;
        try {
            amount = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Text.LIMIT_USAGE.in(language);
        }
        if (amount < 0) {
            return Text.LIMIT_USAGE.in(language);
        }
        quotas.setLimit(user, kind.get(), amount);
        return Text.LIMIT_SET.in(language, kind.get().word(), args[0], amount == 0 ? "∞" : amount);
    }
}
