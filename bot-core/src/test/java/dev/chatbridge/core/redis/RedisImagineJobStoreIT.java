package dev.chatbridge.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.imagine.ImagineJob;
import dev.chatbridge.core.imagine.Task;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Midjourney jobs in Redis across versions of the app. */
class RedisImagineJobStoreIT {

    @Test
    void readsAJobThatAnOlderVersionSavedWithoutTheProgressPendingField() {
        var factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        try {
            var redis = new StringRedisTemplate(factory);
            var jobs = RedisStorage.of(redis, CoreStorage.Settings.defaults(Duration.ofHours(1), 50))
                    .imagineJobs();
            String taskId = "old-" + UUID.randomUUID();
            redis.opsForValue()
                    .set(
                            "cb:mj:job:" + taskId,
                            "{\"taskId\":\"" + taskId + "\",\"platform\":\"tg\",\"chatId\":\"c\",\"ownerUserId\":\"u\","
                                    + "\"language\":\"EN\",\"prompt\":\"p\",\"progressMessageId\":\"5\","
                                    + "\"replyToMessageId\":null,\"createdAtMillis\":1,\"lastChangeAtMillis\":1,"
                                    + "\"lastStatus\":\"SUBMITTED\",\"lastProgress\":0,\"pollIntervalMillis\":2000,"
                                    + "\"modalSubmitted\":false}");

            assertThat(jobs.find(taskId)).hasValueSatisfying(job -> {
                assertThat(job.progressMessageId()).isEqualTo("5");
                assertThat(job.progressPending()).isFalse();
            });
        } finally {
            factory.destroy();
        }
    }

    @Test
    void keepsThePreviewAndTheButtonAJobCameFrom() {
        var factory = RedisConnections.connect(RedisTestServer.url(), Duration.ofSeconds(2));
        try {
            var jobs = RedisStorage.of(
                            new StringRedisTemplate(factory), CoreStorage.Settings.defaults(Duration.ofHours(1), 50))
                    .imagineJobs();
            String taskId = "new-" + UUID.randomUUID();
            ImagineJob job = new ImagineJob(
                            taskId,
                            "tg",
                            "c",
                            "u",
                            Language.EN,
                            "p",
                            "5",
                            null,
                            1,
                            1,
                            Task.Status.IN_PROGRESS,
                            40,
                            2000,
                            false,
                            false)
                    .withPreview(new ImagineJob.Preview("https://cdn/p40.png", 1234))
                    .withOrigin(new ImagineJob.Origin("parent", "MJ::JOB::upsample::1::h"));

            jobs.save(job, 0);

            assertThat(jobs.find(taskId)).contains(job);
        } finally {
            factory.destroy();
        }
    }
}
