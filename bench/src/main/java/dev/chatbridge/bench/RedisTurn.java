package dev.chatbridge.bench;

import dev.chatbridge.testsupport.redis.RedisRoundTrips;
import dev.chatbridge.testsupport.telegram.ApiCall;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts the Redis round trips of one chat turn on an otherwise idle application, through {@link RedisRoundTrips}:
 * from the user's message until the answer is finished, saved and the conversation unlocked. The Midjourney
 * watcher's twice-a-second look at its (empty) job queue is background work and left out.
 */
final class RedisTurn {

    /** Round trips and commands of one turn, by what they were for. */
    record Figures(
            int roundTrips,
            int commands,
            int platformCalls,
            int newConnections,
            int sweepRoundTrips,
            Map<String, Integer> roundTripsByRole,
            Map<String, Integer> commandsByRole) {

        String breakdown() {
            return roundTripsByRole.entrySet().stream()
                    .map(entry -> entry.getKey() + " " + entry.getValue())
                    .collect(Collectors.joining(", "));
        }
    }

    private RedisTurn() {}

    static Figures measure(Fakes fakes, RedisRoundTrips relay, long chat) throws InterruptedException {
        fakes.gateway.enqueue(Answer.reply());
        int from = relay.count();
        int callsFrom = fakes.telegram.calls().size();
        fakes.telegram.sendText(chat, chat, Answer.question(chat));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (fakes.telegram.calls().stream()
                .skip(callsFrom)
                .noneMatch(call -> call.chatId() == chat && BatchFigures.isFinal(call))) {
            if (System.nanoTime() > deadline) {
                fakes.telegram.calls().stream()
                        .skip(callsFrom)
                        .forEach(call -> System.err.println("[bench]   " + call.receivedAt() + " " + call.method() + " "
                                + call.chatId() + " " + call.httpStatus() + " " + call.param("parse_mode")));
                relay.commands().stream().skip(from).forEach(command -> System.err.println("[bench]   " + command));
                throw new IllegalStateException("No answer in chat " + chat + " within 30 s");
            }
            Thread.sleep(20);
        }
        Thread.sleep(1500); // saving the turn and unlocking follow the final message
        List<RedisRoundTrips.Command> all = relay.commands();
        List<RedisRoundTrips.Command> turn = all.subList(from, all.size()).stream()
                .filter(command -> !background(command) && !sweep(command))
                .toList();
        int sweepRoundTrips = (int) all.subList(from, all.size()).stream()
                .filter(command -> sweep(command) && command.opensRoundTrip())
                .count();
        Map<String, Integer> trips = new LinkedHashMap<>();
        Map<String, Integer> commands = new LinkedHashMap<>();
        int roundTrips = 0;
        for (RedisRoundTrips.Command command : turn) {
            String role = role(command);
            commands.merge(role, 1, Integer::sum);
            if (command.opensRoundTrip()) {
                trips.merge(role, 1, Integer::sum);
                roundTrips++;
            }
        }
        List<ApiCall> calls = fakes.telegram.calls().stream()
                .skip(callsFrom)
                .filter(call -> call.chatId() == chat && !call.method().equals("sendChatAction"))
                .toList();
        int newConnections = (int)
                turn.stream().filter(command -> command.name().equals("HELLO")).count();
        return new Figures(roundTrips, turn.size(), calls.size(), newConnections, sweepRoundTrips, trips, commands);
    }

    /** Work the turn's commands cannot ride along with: the watcher's and the sweep's. */
    static boolean besideTheTurn(RedisRoundTrips.Command command) {
        return background(command) || sweep(command);
    }

    /** The Midjourney watcher's periodic look at its job queue, which runs whatever the chat does. */
    static boolean background(RedisRoundTrips.Command command) {
        return command.key().startsWith("cb:mj:");
    }

    /**
     * The replica's once-a-second sweep for conversations nobody answers (the waiting set, then the locks of those
     * listed): its cost is per replica and second, not per turn, so it is reported apart. RedisRoundTripsIT (app)
     * counts the same way.
     */
    static boolean sweep(RedisRoundTrips.Command command) {
        return command.key().equals("cb:queue:waiting") && command.name().equals("ZRANGE")
                || command.name().equals("MGET") && command.key().startsWith("cb:lock:");
    }

    /** What a command was for, from its name and key (see ConversationStore, ConversationLock, RedisChatPacer). */
    static String role(RedisRoundTrips.Command command) {
        String key = command.key();
        String name = command.name();
        if (key.startsWith("cb:seen:")) {
            return name.startsWith("EVAL") ? "admit (access, dedupe, queue, lock)" : "dedupe";
        }
        if (key.startsWith("quota:")) {
            return name.startsWith("EVAL") ? "quota script" : "quota";
        }
        if (key.startsWith("cb:lock:")) {
            return name.startsWith("EVAL") ? "save, complete, charge, unlock" : "lock";
        }
        if (key.startsWith("cb:pace:")) {
            return "pacing";
        }
        if (key.startsWith("cb:ctx:") && name.startsWith("EVAL")) {
            return "save turn";
        }
        if (key.startsWith("cb:ctx") || key.startsWith("cb:user:")) {
            return "load context";
        }
        return switch (name) {
            case "HELLO", "AUTH", "SELECT", "CLIENT", "PING", "QUIT" -> "connection setup";
            default -> name.toLowerCase(Locale.ROOT);
        };
    }
}
