package dev.chatbridge.app;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.conversation.ConversationKey;
import dev.chatbridge.core.redis.RedisConnections;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.openai.Reply;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.WebhookDeliveryRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault run: three instances of the packaged application, as separate processes, answer 200
 * messages from 20 users over one Redis, behind a "load balancer" that spreads Telegram's webhook
 * deliveries round-robin and delivers some twice. Meanwhile one instance is killed (SIGKILL), Redis
 * restarts once (keeping its data, as an operator's Redis with an append-only file does), and the
 * gateway answers some questions with a 500 and cuts some streams. Every message must be answered
 * exactly once or the user told it failed, and no conversation may hold a repeated or half turn.
 */
class FaultRunIT {

    private static final Path JAR = ConfigurationReference.REPOSITORY.resolve("app/target/chatbridge.jar");
    private static final Path OUT = ConfigurationReference.REPOSITORY.resolve("app/target/fault-run");
    private static final int INSTANCES = 3;
    private static final int USERS = 20;
    private static final int ROUNDS = 10;
    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Process> instances = new ArrayList<>();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @Test
    void everyMessageIsAnsweredOnceOrToldItFailedThroughAKillARedisRestartAndGatewayFaults() throws Exception {
        assertThat(JAR)
                .as("the packaged application (mvn verify builds it before the ITs)")
                .exists();
        Files.createDirectories(OUT);
        try (var redis = RedisTestServer.startDedicatedPersistent();
                var telegram = new FakeTelegramBotApi(TestApp.TOKEN);
                var gateway = new FakeOpenAiServer(TestApp.KEY)) {
            gateway.answerBy(this::withFaults);
            List<String> baseUrls = new ArrayList<>();
            try {
                for (int i = 0; i < INSTANCES; i++) {
                    int port = freePort();
                    instances.add(start(i, port, telegram, gateway, redis.url()));
                    baseUrls.add("http://127.0.0.1:" + port);
                }
                for (int i = 0; i < INSTANCES; i++) {
                    awaitStarted(i);
                }
                telegram.webhookTargets(baseUrls);
                telegram.duplicateWebhookDeliveries(7);

                List<Long> users = IntStream.range(0, USERS)
                        .mapToObj(u -> ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L))
                        .toList();
                Instant killedAt = null;
                Instant redisStoppedAt = null;
                for (int round = 1; round <= ROUNDS; round++) {
                    if (round > 2) {
                        int settled = round - 2;
                        await(
                                "round " + settled + " answered or refused",
                                () -> users.stream().allMatch(user -> outcomes(telegram, user) >= settled),
                                WAIT);
                    }
                    if (round == 7) {
                        // Redis goes away as this round arrives, and comes back once the webhook turned
                        // deliveries away (Telegram delivers them again later).
                        int deliveriesBefore = telegram.webhookDeliveries().size();
                        redis.stop();
                        redisStoppedAt = Instant.now();
                        sendRound(telegram, users, round);
                        await(
                                "a delivery turned away while Redis is down",
                                () -> telegram.webhookDeliveries().stream()
                                        .skip(deliveriesBefore)
                                        .anyMatch(delivery -> delivery.status() / 100 != 2),
                                WAIT);
                        redis.start();
                        System.out.printf("Fault run: Redis down from %s to %s%n", redisStoppedAt, Instant.now());
                        continue;
                    }
                    sendRound(telegram, users, round);
                    if (round == 3) {
                        // Killed while it streams answers, so they must be taken over.
                        int[] streaming = {-1};
                        await(
                                "an instance streaming answers",
                                () -> (streaming[0] = streamingInstance(baseUrls)) >= 0,
                                WAIT);
                        instances.get(streaming[0]).destroyForcibly().waitFor();
                        killedAt = Instant.now();
                        System.out.printf("Fault run: instance %d killed at %s%n", streaming[0], killedAt);
                    }
                }
                await(
                        "every message answered or refused",
                        () -> users.stream().allMatch(user -> outcomes(telegram, user) >= ROUNDS),
                        WAIT);
                awaitQuiet(redis.url(), users);

                Report report = check(telegram, gateway, redis.url(), users, killedAt, redisStoppedAt);
                System.out.printf(
                        "Fault run: %d messages from %d users over %d instances (one killed, Redis restarted once);"
                                + " %d answered once, %d told they failed (%d gateway 500s, %d cut streams injected),"
                                + " %d lost, %d answered twice; %d repeated deliveries, %d deliveries turned away;"
                                + " a killed instance's answers taken over after %s%n",
                        USERS * ROUNDS,
                        USERS,
                        INSTANCES,
                        report.answered(),
                        report.failed(),
                        report.injected500(),
                        report.injectedCuts(),
                        report.lost(),
                        report.twice(),
                        report.repeatedDeliveries(),
                        report.turnedAway(),
                        report.takeover() == null ? "(none was in flight)" : report.takeover());
                report.warnings()
                        .forEach((warning, count) -> System.out.printf("Fault run: %3d × %s%n", count, warning));
                assertThat(report.lost()).as("messages lost").isZero();
                assertThat(report.twice()).as("messages answered twice").isZero();
                assertThat(report.answered() + report.failed()).isEqualTo(USERS * ROUNDS);
            } finally {
                for (Process instance : instances) {
                    instance.destroy();
                }
                for (Process instance : instances) {
                    if (!instance.waitFor(30, TimeUnit.SECONDS)) {
                        instance.destroyForcibly();
                    }
                }
            }
        }
    }

    /**
     * Every 25th question fails with a 500 the first time it is asked, and another every 25th has its
     * stream cut after two chunks; the rest are echoed, a little slowly, so answers are in flight when
     * an instance is killed.
     */
    private Reply withFaults(ReceivedChatRequest request) {
        String question = request.lastUserText();
        Reply echo = Reply.echo().withChunkDelay(Duration.ofMillis(100));
        if (question.endsWith("#500") && failedOnce.add(question)) {
            return Reply.httpError(
                    500, "{\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\",\"code\":null}}");
        }
        if (question.endsWith("#cut") && failedOnce.add(question)) {
            return echo.cutAfterChunks(2);
        }
        return echo;
    }

    private static String question(int user, int round) {
        int index = user * ROUNDS + round;
        String tag = index % 25 == 7 ? " #500" : index % 25 == 19 ? " #cut" : "";
        return "user " + user + " asks question " + round + " of the fault run" + tag;
    }

    private static void sendRound(FakeTelegramBotApi telegram, List<Long> users, int round) {
        for (int u = 0; u < users.size(); u++) {
            long user = users.get(u);
            telegram.sendText(user, user, question(u, round));
        }
    }

    /** An instance with answers streaming now (its {@code chatbridge.answers.active} gauge), or -1. */
    private int streamingInstance(List<String> baseUrls) {
        for (int i = 0; i < baseUrls.size(); i++) {
            if (!instances.get(i).isAlive()) {
                continue;
            }
            try {
                HttpResponse<String> metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrls.get(i) + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                boolean streaming = metrics.body()
                        .lines()
                        .filter(line -> line.startsWith("chatbridge_answers_active"))
                        .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1);
                if (streaming) {
                    return i;
                }
            } catch (IOException e) {
                // not answering HTTP right now: look at the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    /** What the user sees as the end of a message's turn: its answer, or a warning that it failed. */
    private static long outcomes(FakeTelegramBotApi telegram, long user) {
        return telegram.messages(user).stream()
                .map(SentMessage::text)
                .filter(text -> text.startsWith("echo: ") || text.contains("⚠️"))
                .count();
    }

    /** Nothing in flight: every queue empty and no conversation locked. */
    private static void awaitQuiet(String redisUrl, List<Long> users) {
        withRedis(redisUrl, redis -> {
            await(
                    "every queue empty and every lock released",
                    () -> users.stream().allMatch(user -> {
                        String id = conversationId(user);
                        return redis.opsForList().size("cb:queue:" + id) == 0 && !redis.hasKey("cb:lock:" + id);
                    }),
                    WAIT);
            return null;
        });
    }

    record Report(
            int answered,
            int failed,
            int lost,
            int twice,
            int injected500,
            int injectedCuts,
            long repeatedDeliveries,
            long turnedAway,
            Duration takeover,
            Map<String, Long> warnings) {}

    private Report check(
            FakeTelegramBotApi telegram,
            FakeOpenAiServer gateway,
            String redisUrl,
            List<Long> users,
            Instant killedAt,
            Instant redisStoppedAt) {
        int answered = 0;
        int failed = 0;
        int lost = 0;
        int twice = 0;
        for (int u = 0; u < users.size(); u++) {
            long user = users.get(u);
            List<String> texts =
                    telegram.messages(user).stream().map(SentMessage::text).toList();
            assertThat(texts)
                    .as("what user %d was shown: answers and warnings only", u)
                    .allMatch(text -> text.startsWith("echo: ") || text.contains("⚠️"));
            int warnings =
                    (int) texts.stream().filter(text -> text.contains("⚠️")).count();
            failed += warnings;
            List<String> answeredHere = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                String echo = "echo: " + question(u, round);
                long shown = texts.stream().filter(echo::equals).count();
                if (shown > 1) {
                    twice++;
                    String asked = question(u, round);
                    System.out.printf(
                            "Fault run: answered %d times: %s; asked of the gateway at %s%n",
                            shown,
                            asked,
                            gateway.requests().stream()
                                    .filter(request -> request.lastUserText().equals(asked))
                                    .map(ReceivedChatRequest::receivedAt)
                                    .toList());
                }
                if (shown >= 1) {
                    answered++;
                    answeredHere.add(question(u, round));
                }
            }
            lost += Math.max(0, ROUNDS - answeredHere.size() - warnings);
            List<String> saved = savedQuestions(redisUrl, user);
            assertThat(saved)
                    .as("user %d's context: each answered question once, in order, and nothing else", u)
                    .containsExactlyElementsOf(answeredHere);
        }
        Map<String, Instant> firstAsked = new LinkedHashMap<>();
        Duration takeover = null;
        for (ReceivedChatRequest request : gateway.requests()) {
            String question = request.lastUserText();
            Instant before = firstAsked.putIfAbsent(question, request.receivedAt());
            if (before != null) {
                System.out.printf(
                        "Fault run: asked again: %s (first at %s, again at %s)%n",
                        question, before, request.receivedAt());
            }
            if (before != null
                    && killedAt != null
                    && before.isBefore(killedAt)
                    && request.receivedAt().isAfter(killedAt)
                    && request.receivedAt().isBefore(redisStoppedAt)) {
                Duration after = Duration.between(killedAt, request.receivedAt());
                takeover = takeover == null || after.compareTo(takeover) > 0 ? after : takeover;
            }
        }
        int injected500 =
                (int) failedOnce.stream().filter(q -> q.endsWith("#500")).count();
        int injectedCuts =
                (int) failedOnce.stream().filter(q -> q.endsWith("#cut")).count();
        List<WebhookDeliveryRecord> deliveries = telegram.webhookDeliveries();
        long repeated = deliveries.size()
                - deliveries.stream()
                        .map(WebhookDeliveryRecord::updateId)
                        .distinct()
                        .count();
        long turnedAway = deliveries.stream()
                .filter(delivery -> delivery.status() / 100 != 2)
                .count();
        // What the user read when a message failed: the warning, without the part of the answer above it.
        Map<String, Long> warnings = users.stream()
                .flatMap(user -> telegram.messages(user).stream())
                .map(SentMessage::text)
                .filter(text -> text.contains("⚠️"))
                .map(text -> text.substring(text.indexOf("⚠️")))
                .collect(Collectors.groupingBy(text -> text, TreeMap::new, Collectors.counting()));
        return new Report(
                answered, failed, lost, twice, injected500, injectedCuts, repeated, turnedAway, takeover, warnings);
    }

    /** The questions of a user's context, in order, checking that each is followed by its own answer. */
    private static List<String> savedQuestions(String redisUrl, long user) {
        return withRedis(redisUrl, redis -> {
            List<String> turns = redis.opsForList().range("cb:ctx:" + conversationId(user), 0, -1);
            List<String> questions = new ArrayList<>();
            for (int i = 0; i < turns.size(); i += 2) {
                JsonNode asked = JSON.readTree(turns.get(i));
                assertThat(i + 1).as("a question without its answer").isLessThan(turns.size());
                JsonNode answer = JSON.readTree(turns.get(i + 1));
                assertThat(answer.path("text").asString())
                        .as("the answer saved after '%s'", asked.path("text").asString())
                        .isEqualTo("echo: " + asked.path("text").asString());
                questions.add(asked.path("text").asString());
            }
            return questions;
        });
    }

    private static String conversationId(long user) {
        return new ConversationKey("tg", Long.toString(user), Long.toString(user)).id();
    }

    private static <T> T withRedis(String url, java.util.function.Function<StringRedisTemplate, T> work) {
        LettuceConnectionFactory connections = RedisConnections.connect(url, Duration.ofSeconds(2));
        try {
            return work.apply(new StringRedisTemplate(connections));
        } finally {
            connections.destroy();
        }
    }

    private Process start(int index, int port, FakeTelegramBotApi telegram, FakeOpenAiServer gateway, String redisUrl)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JAR.toString(),
                "--server.port=" + port,
                "--chatbridge.telegram.bot-token=" + TestApp.TOKEN,
                "--chatbridge.telegram.api-url=" + telegram.baseUrl(),
                "--chatbridge.openai.base-url=" + gateway.baseUrl(),
                "--chatbridge.openai.api-key=" + TestApp.KEY,
                "--chatbridge.redis.url=" + redisUrl));
        command.addAll(List.of(TelegramWebhookIT.webhookOptions()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log(index).toFile())
                .start();
    }

    private void awaitStarted(int index) {
        Process instance = instances.get(index);
        await(
                "instance " + index + " started",
                () -> !instance.isAlive() || logContains(log(index), "Started ChatBridgeApplication"),
                STARTUP);
        assertThat(instance.isAlive())
                .as("instance %d started; its log: %s", index, log(index))
                .isTrue();
    }

    private static Path log(int index) {
        return OUT.resolve("instance-" + index + ".log");
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
