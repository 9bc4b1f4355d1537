package dev.chatbridge.app;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.redis.RedisRoundTrips;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.ApiCall;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Counts the Redis round trips of a continuing chat turn (a conversation with context already), as the client sees
 * them, through a counting relay in front of a dedicated real Redis (the benchmark's way). Counting is not timing:
 * the figure is the same on a slow machine. Background work that runs whatever the chat does (the replica's sweep
 * for abandoned conversations, the Midjourney watcher) is left out and asserted apart.
 */
class RedisRoundTripsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long CHAT = 9_002;
    private static final int MOST_ROUND_TRIPS = 4;

    private RedisTestServer.Dedicated redis;
    private RedisRoundTrips relay;
    private FakeTelegramBotApi telegram;
    private FakeOpenAiServer gateway;
    private ConfigurableApplicationContext app;
    private LettuceConnectionFactory inspector;

    @BeforeEach
    void start() throws Exception {
        redis = RedisTestServer.startDedicated();
        relay = new RedisRoundTrips(redis.port(), RedisRoundTripsIT::background);
        telegram = new FakeTelegramBotApi(TestApp.TOKEN);
        gateway = new FakeOpenAiServer(TestApp.KEY);
        // The default streaming (drafts in a private chat), as operators run it and the benchmark measures.
        app = TestApp.start(
                telegram, gateway, "--chatbridge.redis.url=" + relay.url(), "--chatbridge.telegram.streaming=DRAFT");
        inspector = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        inspector.afterPropertiesSet();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (inspector != null) {
            inspector.destroy();
        }
        telegram.close();
        gateway.close();
        relay.close();
        redis.close();
    }

    @Test
    void aContinuingTurnCostsAtMostFourRoundTrips() {
        turn("first"); // first use: scripts loaded, connections opened
        turn("second"); // the conversation now has context
        List<RedisRoundTrips.Command> commands = turn("third");

        List<RedisRoundTrips.Command> trips = commands.stream()
                .filter(RedisRoundTrips.Command::opensRoundTrip)
                .toList();
        String listing = commands.stream()
                .map(command ->
                        (command.opensRoundTrip() ? "  trip " : "    +  ") + command.name() + " " + command.key())
                .collect(Collectors.joining("\n"));
        System.out.println("Redis round trips of a continuing turn: " + trips.size() + "\n" + listing);
        assertThat(commands).as("the relay saw the turn").isNotEmpty();
        assertThat(trips)
                .as("round trips of a continuing turn:\n" + listing)
                .hasSizeLessThanOrEqualTo(MOST_ROUND_TRIPS);
    }

    /**
     * Asks one question in the chat and returns the commands (background work left out) from the question until the
     * turn is saved and the conversation unlocked, and Redis has heard nothing more of it for a while.
     */
    private List<RedisRoundTrips.Command> turn(String question) {
        gateway.enqueue(Reply.of("Answer to " + question + ": "
                        + "some words that stream in several chunks, so the chat is paced a few times.")
                .withChunkSize(8)
                .withChunkDelay(Duration.ofMillis(60)));
        int from = relay.count();
        int callsFrom = telegram.calls().size();
        telegram.sendText(CHAT, CHAT, question);
        await(
                "the finished answer to " + question,
                () -> telegram.calls().stream().skip(callsFrom).anyMatch(RedisRoundTripsIT::isFinal),
                WAIT);
        await("the conversation unlocked and its queue empty", this::idle, WAIT);
        // Quiet: nothing of the turn reached Redis for half a second (the sweep does not count).
        long[] lastSeen = {relay.count(), System.nanoTime()};
        await(
                "Redis quiet after the turn",
                () -> {
                    int now = ownCommands(from).size();
                    if (now != lastSeen[0]) {
                        lastSeen[0] = now;
                        lastSeen[1] = System.nanoTime();
                        return false;
                    }
                    return System.nanoTime() - lastSeen[1]
                            > Duration.ofMillis(500).toNanos();
                },
                WAIT);
        return ownCommands(from);
    }

    private List<RedisRoundTrips.Command> ownCommands(int from) {
        List<RedisRoundTrips.Command> all = relay.commands();
        return all.subList(from, all.size()).stream()
                .filter(command -> !background(command))
                .toList();
    }

    private boolean idle() {
        StringRedisTemplate template = new StringRedisTemplate(inspector);
        template.afterPropertiesSet();
        Long waiting = template.opsForZSet().size("cb:queue:waiting");
        return template.keys("cb:lock:*").isEmpty() && (waiting == null || waiting == 0);
    }

    private static boolean isFinal(ApiCall call) {
        return call.chatId() == CHAT
                && call.succeeded()
                && !call.method().equals("sendMessageDraft")
                && "HTML".equalsIgnoreCase(call.param("parse_mode"));
    }

    /**
     * Work that runs on a timer whatever the chat does: the sweep for conversations nobody answers (the waiting set
     * and the locks of those listed), the Midjourney watcher, and the renewal of a held lock's lease (every third of
     * the lease, 2 s by default, however many turns it covers). Its cost is per replica and second, not per turn.
     */
    static boolean background(RedisRoundTrips.Command command) {
        String key = command.key();
        return key.startsWith("cb:mj:")
                || key.equals("cb:queue:waiting") && command.name().equals("ZRANGE")
                || command.name().equals("MGET") && key.startsWith("cb:lock:")
                || renewal(command);
    }

    /** The lock's renewal script: two keys (lock, pace) and the lease value last ({@code RedisConversationLock}). */
    private static boolean renewal(RedisRoundTrips.Command command) {
        List<String> args = command.args();
        return command.name().startsWith("EVAL")
                && command.key().startsWith("cb:lock:")
                && args.size() == 8
                && args.get(2).equals("2")
                && args.get(7).startsWith("L:");
    }
}
