package dev.chatbridge.app;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.common.TestImages;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import dev.chatbridge.testsupport.telegram.UserMedia;
import dev.chatbridge.testsupport.telegram.UserText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged application in a JVM of its own with a 256 MB heap (a small pod) and the shipped
 * {@code -XX:+ExitOnOutOfMemoryError}, against the fakes in this JVM, given the worst input its
 * defaults allow: several users at once, each sending an album of ten image files of the largest
 * size one image may have (10 MB). Every album is answered (with the images that fit one question's
 * 20 MB, and a note that names the cap) or refused, and the process never runs out of memory. The
 * peak heap is read from the child's GC log and printed.
 */
class SmallHeapIT {

    private static final Path JAR = ConfigurationReference.REPOSITORY.resolve("app/target/chatbridge.jar");
    private static final Path OUT = ConfigurationReference.REPOSITORY.resolve("app/target/small-heap");
    private static final String HEAP = "256m";
    /** chatbridge.features.vision.max-image-size's default. */
    private static final int IMAGE_BYTES = 10 * 1024 * 1024;
    /** Telegram's largest album. */
    private static final int ALBUM = 10;
    /**
     * Users sending an album at the same moment. Each conversation is answered on a virtual thread of
     * its own, so the application's default concurrency puts no bound on this number: five is plenty to
     * show that it is the shared image memory that bounds the heap, not luck in timing.
     */
    private static final int USERS = 5;

    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @Test
    void answersAlbumsOfTheLargestImagesFromSeveralUsersAtOnceWithoutRunningOutOfMemory() throws Exception {
        assertThat(JAR)
                .as("the packaged application (mvn verify builds it before the ITs)")
                .exists();
        Files.createDirectories(OUT);
        Path gcLog = OUT.resolve("gc.log");
        Path appLog = OUT.resolve("app.log");
        Files.deleteIfExists(gcLog);
        try (var telegram = new FakeTelegramBotApi(TestApp.TOKEN);
                var gateway = new FakeOpenAiServer(TestApp.KEY)) {
            Process app = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-Xmx" + HEAP,
                            "-XX:+ExitOnOutOfMemoryError",
                            "-Xlog:gc:file=" + gcLog,
                            "-jar",
                            JAR.toString(),
                            "--server.port=0",
                            "--chatbridge.telegram.bot-token=" + TestApp.TOKEN,
                            "--chatbridge.telegram.api-url=" + telegram.baseUrl(),
                            "--chatbridge.openai.base-url=" + gateway.baseUrl(),
                            "--chatbridge.openai.api-key=" + TestApp.KEY,
                            "--chatbridge.redis.url=" + RedisTestServer.url())
                    .redirectErrorStream(true)
                    .redirectOutput(appLog.toFile())
                    .start();
            try {
                await(
                        "the application started",
                        () -> !app.isAlive() || logContains(appLog, "Started ChatBridgeApplication"),
                        Duration.ofMinutes(4));
                assertThat(app.isAlive()).as("started; its log: %s", appLog).isTrue();

                byte[] image = imageOf(IMAGE_BYTES);
                List<Long> users = new ArrayList<>();
                for (int u = 0; u < USERS; u++) {
                    users.add(ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L));
                }
                // All albums go out before the first is answered, so the questions run side by side.
                for (long user : users) {
                    for (int i = 0; i < ALBUM; i++) {
                        String caption = i == 0 ? "compare these pictures" : "";
                        telegram.sendMedia(UserMedia.document(
                                        UserText.of(user, user, caption), "scan-" + i + ".png", "image/png", image)
                                .inAlbum("album-" + user));
                    }
                }

                await(
                        "every album answered or refused, or the application gone",
                        () -> !app.isAlive() || users.stream().allMatch(user -> finished(telegram, user)),
                        WAIT);
                assertThat(app.isAlive())
                        .as("the application is still running (no OutOfMemoryError); its log: %s", appLog)
                        .isTrue();
                for (long user : users) {
                    List<String> texts = texts(telegram, user);
                    if (texts.stream().anyMatch(text -> text.contains("echo: compare these pictures"))) {
                        assertThat(texts)
                                .contains("ℹ️ The images of one question may add up to 20 MB,"
                                        + " so I left out 8 of them and looked at the other 2.");
                    }
                }
                assertThat(gateway.requests())
                        .isNotEmpty()
                        .allSatisfy(
                                request -> assertThat(request.lastUserMessage().imageBytes())
                                        .hasSize(2)
                                        .allSatisfy(bytes -> assertThat(bytes).hasSize(IMAGE_BYTES)));
                long answered = users.stream()
                        .filter(user -> texts(telegram, user).stream()
                                .anyMatch(text -> text.contains("echo: compare these pictures")))
                        .count();
                System.out.printf(
                        "Small heap (-Xmx%s): %d of %d albums of %d × %d MB answered, the rest refused as busy%n",
                        HEAP, answered, USERS, ALBUM, IMAGE_BYTES / (1024 * 1024));
            } finally {
                app.destroy();
                if (!app.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
            HeapPeaks peaks = HeapPeaks.of(gcLog);
            System.out.printf(
                    "Small heap (-Xmx%s): heap in use at most %d MB (when a collection began); live data at most"
                            + " %d MB (after a full collection), %d MB after any; %d collections, %d of them full%n",
                    HEAP, peaks.inUse(), peaks.liveAfterFull(), peaks.afterAny(), peaks.collections(), peaks.full());
            assertThat(peaks.collections()).isPositive();
        }
    }

    /** A PNG signature and header, then zeros up to {@code size} bytes: what the bot and the gateway check. */
    private static byte[] imageOf(int size) {
        byte[] png = TestImages.png("large", 8);
        byte[] image = new byte[size];
        System.arraycopy(png, 0, image, 0, png.length);
        return image;
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean finished(FakeTelegramBotApi telegram, long user) {
        return texts(telegram, user).stream()
                .anyMatch(text -> text.contains("echo: compare these pictures")
                        || text.contains("too many pictures for other people"));
    }

    private static List<String> texts(FakeTelegramBotApi telegram, long user) {
        return telegram.messages(user).stream().map(SentMessage::text).toList();
    }

    /**
     * From a {@code -Xlog:gc} file, in MB: the most heap in use when a collection began, the most left
     * after a full collection (the live data then) and after any collection, and how many there were.
     */
    record HeapPeaks(long inUse, long liveAfterFull, long afterAny, int collections, int full) {
        static HeapPeaks of(Path gcLog) throws IOException {
            long inUse = 0;
            long liveAfterFull = 0;
            long afterAny = 0;
            int collections = 0;
            int full = 0;
            for (String line : Files.readAllLines(gcLog)) {
                Matcher matcher = GC_LINE.matcher(line);
                boolean collection = line.contains("Pause Young") || line.contains("Pause Full");
                if (!collection || !matcher.find()) {
                    continue;
                }
                long before = Long.parseLong(matcher.group(1));
                long after = Long.parseLong(matcher.group(2));
                inUse = Math.max(inUse, before);
                afterAny = Math.max(afterAny, after);
                collections++;
                if (line.contains("Pause Full")) {
                    liveAfterFull = Math.max(liveAfterFull, after);
                    full++;
                }
            }
            return new HeapPeaks(inUse, liveAfterFull, afterAny, collections, full);
        }
    }
}
