package dev.chatbridge.bench;

import dev.chatbridge.testsupport.openai.ReceivedChatRequest;
import dev.chatbridge.testsupport.telegram.ApiCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one batch of conversations measured, computed from the fakes' records only (both fakes run in this JVM,
 * so their timestamps share one clock):
 *
 * <ul>
 *   <li>overhead: the gateway's first chunk of an answer ({@code firstChunkSentAt}) to the Bot API receiving the
 *       first call that shows text in that chat ({@code receivedAt});
 *   <li>visible-text age: how old the newest text on the user's screen is, i.e. now minus when the gateway sent
 *       the chunk that carried its last character; sampled when a streamed (plain-text) update lands ("at
 *       update", the bridge's own delay) and just before the next update or the finished message lands ("before
 *       next update", what pacing adds);
 *   <li>final lag: the gateway's last chunk to the finished, formatted message.
 * </ul>
 */
record BatchFigures(
        String label,
        int conversations,
        int completed,
        Stats overhead,
        Stats questionToFirstText,
        Stats ageAtUpdate,
        Stats ageBeforeNextUpdate,
        Stats finalLag,
        double callsPerAnswer,
        double textCallsPerAnswer,
        int refusedCalls,
        int rateViolations,
        double wallSeconds,
        double chunkIntervalMillis,
        double appCpuPercent,
        double benchCpuPercent,
        @Nullable ResourceSample peak) {

    private static final Set<String> TEXT_METHODS = Set.of("sendMessage", "editMessageText", "sendMessageDraft");
    private static final Set<String> FLOOD_LIMITED =
            Set.of("sendMessage", "editMessageText", "editMessageReplyMarkup", "sendMessageDraft", "sendPhoto");

    double answersPerSecond() {
        return wallSeconds <= 0 ? 0 : completed / wallSeconds;
    }

    /** The bridge's processes' resources at the moment the most answers were in flight. */
    record ResourceSample(
            int inFlight, long rssBytes, long heapUsedBytes, long heapCommittedBytes, int threads, long maxRssBytes) {}

    /** Inputs gathered while the batch ran. */
    record Run(
            String label,
            Map<Long, Instant> sentAt,
            Instant started,
            List<ApiCall> calls,
            List<ReceivedChatRequest> requests,
            Map<Long, Integer> violations,
            double chunkIntervalMillis,
            double appCpuSeconds,
            double benchCpuSeconds,
            @Nullable ResourceSample peak) {}

    static BatchFigures of(Run run) {
        Map<Long, ReceivedChatRequest> requestByChat = new HashMap<>();
        for (ReceivedChatRequest request : run.requests()) {
            long chat = Answer.chatOf(request.lastUserText());
            // A chat's earliest first chunk counts: a request the app retried (a timeout on a saturated machine)
            // comes later than the chunks of the first one, which may already be on the screen.
            if (run.sentAt().containsKey(chat) && request.firstChunkSentAt() != null) {
                requestByChat.merge(
                        chat,
                        request,
                        (kept, later) -> later.firstChunkSentAt().isBefore(kept.firstChunkSentAt()) ? later : kept);
            }
        }
        Map<Long, List<ApiCall>> callsByChat = new HashMap<>();
        for (ApiCall call : run.calls()) {
            if (run.sentAt().containsKey(call.chatId())) {
                callsByChat
                        .computeIfAbsent(call.chatId(), id -> new ArrayList<>())
                        .add(call);
            }
        }
        List<Double> overhead = new ArrayList<>();
        List<Double> questionToText = new ArrayList<>();
        List<Double> ageAt = new ArrayList<>();
        List<Double> ageBefore = new ArrayList<>();
        List<Double> finalLag = new ArrayList<>();
        int completed = 0;
        int calls = 0;
        int textCalls = 0;
        int refused = 0;
        Instant lastFinal = run.started();
        double interval = Double.isNaN(run.chunkIntervalMillis())
                ? Answer.CHUNK_DELAY.toNanos() / 1e6
                : run.chunkIntervalMillis();
        for (Map.Entry<Long, Instant> sent : run.sentAt().entrySet()) {
            List<ApiCall> chatCalls = callsByChat.getOrDefault(sent.getKey(), new ArrayList<>());
            chatCalls.sort(Comparator.comparing(ApiCall::receivedAt));
            calls += chatCalls.size();
            textCalls += (int) chatCalls.stream()
                    .filter(call -> FLOOD_LIMITED.contains(call.method()))
                    .count();
            refused +=
                    (int) chatCalls.stream().filter(call -> !call.succeeded()).count();
            ReceivedChatRequest request = requestByChat.get(sent.getKey());
            List<ApiCall> updates = updatesUntilFinal(chatCalls);
            if (request == null || request.firstChunkSentAt() == null || updates.isEmpty()) {
                continue;
            }
            Instant firstChunk = request.firstChunkSentAt();
            Instant firstText = updates.getFirst().receivedAt();
            overhead.add(millis(firstChunk, firstText));
            questionToText.add(millis(sent.getValue(), firstText));
            ApiCall last = updates.getLast();
            if (!isFinal(last)) {
                continue;
            }
            completed++;
            if (last.receivedAt().isAfter(lastFinal)) {
                lastFinal = last.receivedAt();
            }
            int previousChunk = -1;
            for (ApiCall update : updates) {
                if (previousChunk >= 0) {
                    ageBefore.add(millis(sentAt(firstChunk, previousChunk, interval), update.receivedAt()));
                }
                if (isFinal(update)) {
                    break; // its age is the final lag below
                }
                previousChunk = Answer.newestChunk(textOf(update));
                ageAt.add(millis(sentAt(firstChunk, previousChunk, interval), update.receivedAt()));
            }
            finalLag.add(millis(sentAt(firstChunk, Answer.chunks() - 1, interval), last.receivedAt()));
        }
        int violations =
                run.violations().values().stream().mapToInt(Integer::intValue).sum();
        int n = run.sentAt().size();
        double wall = Duration.between(run.started(), lastFinal).toNanos() / 1e9;
        return new BatchFigures(
                run.label(),
                n,
                completed,
                Stats.of(overhead),
                Stats.of(questionToText),
                Stats.of(ageAt),
                Stats.of(ageBefore),
                Stats.of(finalLag),
                calls / (double) n,
                textCalls / (double) n,
                refused,
                violations,
                wall,
                interval,
                wall > 0 ? 100 * run.appCpuSeconds() / wall : Double.NaN,
                wall > 0 ? 100 * run.benchCpuSeconds() / wall : Double.NaN,
                run.peak());
    }

    /** The calls that showed text in a chat, up to and including the finished message. */
    private static List<ApiCall> updatesUntilFinal(List<ApiCall> chatCalls) {
        List<ApiCall> updates = new ArrayList<>();
        for (ApiCall call : chatCalls) {
            if (call.succeeded() && TEXT_METHODS.contains(call.method()) && call.param("text") != null) {
                updates.add(call);
                if (isFinal(call)) {
                    break;
                }
            }
        }
        return updates;
    }

    /** The finished answer is rendered Markdown; updates while streaming are plain text. */
    static boolean isFinal(ApiCall call) {
        return call.succeeded()
                && !call.method().equals("sendMessageDraft")
                && "HTML".equalsIgnoreCase(call.param("parse_mode"));
    }

    private static String textOf(ApiCall call) {
        String text = call.param("text");
        return text == null ? "" : text;
    }

    private static Instant sentAt(Instant firstChunk, int chunk, double intervalMillis) {
        return firstChunk.plusNanos((long) (chunk * intervalMillis * 1e6));
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
