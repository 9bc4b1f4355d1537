package dev.chatbridge.core.imagine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.delivery.ChannelDirectory;
import dev.chatbridge.core.delivery.ChannelLimits;
import dev.chatbridge.core.delivery.ChatChannel;
import dev.chatbridge.core.delivery.LocalChatPacer;
import dev.chatbridge.core.delivery.MessageRef;
import dev.chatbridge.core.delivery.OutgoingImage;
import dev.chatbridge.core.delivery.OutgoingText;
import dev.chatbridge.core.redis.RedisConnections;
import dev.chatbridge.core.redis.RedisStorage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.upstream.midjourney.MidjourneyClient;
import dev.chatbridge.core.upstream.midjourney.MidjourneySettings;
import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Two replicas share the jobs in Redis: each task is handled by one at a time, and a survivor finishes a dead one's job. */
class ImagineReplicasIT {

    @Test
    void twoReplicasDeliverEachPictureOnceAndASurvivorFinishesTheJob() throws Exception {
        var factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        var storage = RedisStorage.of(
                new StringRedisTemplate(factory), CoreStorage.Settings.defaults(Duration.ofHours(1), 50));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<String> images = new CopyOnWriteArrayList<>();
        ChannelDirectory channels = new ChannelDirectory();
        String chat = UUID.randomUUID().toString();
        channels.register("test", address -> new CollectingChannel(images));
        try (var proxy = new FakeMidjourneyProxy("key", FakeMidjourneyProxy.Dialect.ACTION)) {
            proxy.progressSteps(List.of(5, 10, 20, 30, 40, 50, 60, 70, 80, 90));
            var client = new MidjourneyClient(new MidjourneySettings(proxy.baseUrl(), "key"));
            var settings = new ImagineSettings(
                            null,
                            Duration.ofMillis(50),
                            Duration.ofMillis(200),
                            Duration.ofSeconds(30),
                            Duration.ofMinutes(1),
                            Duration.ofSeconds(20),
                            1 << 20,
                            Duration.ofHours(1))
                    // A replica stopped while it holds the task lets go of it; should the release itself be cut
                    // short (a loaded machine), the survivor takes over once this lease runs out.
                    .withLease(Duration.ofSeconds(2));
            var jobs = storage.imagineJobs();
            var serviceA = new ImagineService(
                    client,
                    jobs,
                    storage.buttonKeys(Duration.ofHours(1)),
                    channels,
                    new LocalChatPacer(),
                    settings,
                    executor);
            var serviceB = new ImagineService(
                    client,
                    jobs,
                    storage.buttonKeys(Duration.ofHours(1)),
                    channels,
                    new LocalChatPacer(),
                    settings,
                    executor);
            var replicaA = new ImagineWatcher(jobs, client, serviceA, executor);
            var replicaB = new ImagineWatcher(jobs, client, serviceB, executor);
            replicaA.start(Duration.ofMillis(20));
            replicaB.start(Duration.ofMillis(20));

            serviceA.imagine(
                    "test", chat, "owner", "two replicas, one picture", new CollectingChannel(images), Language.EN);
            String taskId = proxy.tasks().getFirst().path("id").asString();
            FakeTelegramBotApi.await("progress", () -> proxy.fetchCount(taskId) >= 4, Duration.ofSeconds(20));
            replicaA.close();

            FakeTelegramBotApi.await("picture", () -> !images.isEmpty(), Duration.ofSeconds(20));
            Thread.sleep(500);
            assertThat(images).containsExactly(taskId + ".png");
            // One fetch per step (plus the odd backoff re-check), never two replicas fetching the same step.
            assertThat(proxy.fetchCount(taskId)).isLessThanOrEqualTo(16);
            assertThat(jobs.find(taskId)).isEmpty();
            replicaB.close();
        } finally {
            executor.shutdownNow();
            factory.destroy();
        }
    }

    @Test
    void aDownloadSlowerThanTheLeaseIsPostedOnce() throws Exception {
        var factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        var storage = RedisStorage.of(
                new StringRedisTemplate(factory), CoreStorage.Settings.defaults(Duration.ofHours(1), 50));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<String> images = new CopyOnWriteArrayList<>();
        ChannelDirectory channels = new ChannelDirectory();
        channels.register("test", address -> new CollectingChannel(images));
        try (var proxy = new FakeMidjourneyProxy("key", FakeMidjourneyProxy.Dialect.ACTION)) {
            proxy.progressSteps(List.of(50));
            // The CDN takes ten leases to send the picture.
            proxy.slowImageDownloads(Duration.ofSeconds(3));
            var client = new MidjourneyClient(new MidjourneySettings(proxy.baseUrl(), "key"));
            var settings = new ImagineSettings(
                            null,
                            Duration.ofMillis(50),
                            Duration.ofMillis(200),
                            Duration.ofSeconds(30),
                            Duration.ofMinutes(1),
                            Duration.ofSeconds(20),
                            1 << 20,
                            Duration.ofHours(1))
                    .withLease(Duration.ofMillis(300));
            var jobs = storage.imagineJobs();
            var keys = storage.buttonKeys(Duration.ofHours(1));
            var serviceA = new ImagineService(client, jobs, keys, channels, new LocalChatPacer(), settings, executor);
            var serviceB = new ImagineService(client, jobs, keys, channels, new LocalChatPacer(), settings, executor);
            try (var replicaA = new ImagineWatcher(jobs, client, serviceA, executor);
                    var replicaB = new ImagineWatcher(jobs, client, serviceB, executor)) {
                replicaA.start(Duration.ofMillis(20));
                replicaB.start(Duration.ofMillis(20));

                serviceA.imagine(
                        "test",
                        UUID.randomUUID().toString(),
                        "owner",
                        "slow cdn",
                        new CollectingChannel(images),
                        Language.EN);
                String taskId = proxy.tasks().getFirst().path("id").asString();

                FakeTelegramBotApi.await("picture", () -> !images.isEmpty(), Duration.ofSeconds(20));
                FakeTelegramBotApi.await("job done", () -> jobs.find(taskId).isEmpty(), Duration.ofSeconds(20));
                assertThat(proxy.imageDownloads())
                        .as("one replica downloads the picture")
                        .isEqualTo(1);
                assertThat(images).containsExactly(taskId + ".png");
            }
        } finally {
            executor.shutdownNow();
            factory.destroy();
        }
    }

    /** A chat that keeps the names of the pictures posted to it. */
    private record CollectingChannel(List<String> images) implements ChatChannel {
        private static final AtomicInteger IDS = new AtomicInteger();

        @Override
        public ChannelLimits limits() {
            return new ChannelLimits(4096, Duration.ZERO, false);
        }

        @Override
        public String pacingKey() {
            return "test";
        }

        @Override
        public MessageRef send(OutgoingText text) {
            return new MessageRef(Integer.toString(IDS.incrementAndGet()));
        }

        @Override
        public void edit(MessageRef message, OutgoingText text) {}

        @Override
        public void typing() {}

        @Override
        public MessageRef sendImage(OutgoingImage image) {
            images.add(image.fileName());
            return new MessageRef(Integer.toString(IDS.incrementAndGet()));
        }
    }
}
