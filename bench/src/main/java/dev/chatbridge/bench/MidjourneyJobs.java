package dev.chatbridge.bench;

import dev.chatbridge.testsupport.telegram.ApiCall;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@value #JOBS} users run {@code /imagine} at once. The fake proxy moves every job one step every
 * {@link #STEP} (queued, submitted, four progress steps, done: about 14 s a job), so polling and the notify
 * hook see the same jobs; the figure is how many {@code /mj/task/{id}/fetch} requests a job cost.
 */
final class MidjourneyJobs {

    static final int JOBS = 3;
    static final Duration STEP = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    record Figures(
            int jobs,
            int finished,
            double fetchesPerJob,
            double hookCallsPerJob,
            double secondsPerJob,
            double platformCallsPerJob) {}

    private MidjourneyJobs() {}

    static Figures run(Fakes fakes, long firstChat) throws InterruptedException {
        fakes.midjourney.advanceEvery(STEP);
        int fetchesBefore = fakes.midjourney.fetches();
        int hooksBefore = fakes.midjourney.hookCalls().size();
        List<Long> chats = new ArrayList<>();
        Instant started = Instant.now();
        for (int i = 0; i < JOBS; i++) {
            long chat = firstChat + i;
            chats.add(chat);
            fakes.telegram.sendText(chat, chat, "/imagine a red fox in the snow, study " + i + " --ar 16:9");
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (chats.stream().anyMatch(chat -> !hasPhoto(fakes, chat)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int finished =
                (int) chats.stream().filter(chat -> hasPhoto(fakes, chat)).count();
        Instant lastPhoto = fakes.telegram.calls("sendPhoto").stream()
                .filter(call -> chats.contains(call.chatId()) && call.succeeded())
                .map(ApiCall::receivedAt)
                .max(Instant::compareTo)
                .orElse(Instant.now());
        long platformCalls = fakes.telegram.calls().stream()
                .filter(call -> chats.contains(call.chatId()) && !call.method().equals("sendChatAction"))
                .count();
        return new Figures(
                JOBS,
                finished,
                (fakes.midjourney.fetches() - fetchesBefore) / (double) JOBS,
                (fakes.midjourney.hookCalls().size() - hooksBefore) / (double) JOBS,
                Duration.between(started, lastPhoto).toMillis() / 1000.0,
                platformCalls / (double) JOBS);
    }

    private static boolean hasPhoto(Fakes fakes, long chat) {
        return fakes.telegram.messages(chat).stream().anyMatch(SentMessage::photo);
    }
}
