package dev.chatbridge.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.ChatFeatures;
import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ScriptedChatUpstream;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.ScriptedMidjourneyProxy;
import dev.chatbridge.core.message.UserMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The core's first contact with shared storage (publishing the quota defaults, listening for cancel requests) runs
 * beside the rest of the startup: building the core does not wait for it, and no event is answered before it is done.
 */
class CoreStartupTest {

    @Test
    void buildsWithoutWaitingForStorageAndAnswersNothingBeforeReachingIt() throws Exception {
        CountDownLatch storageReached = new CountDownLatch(1);
        InMemoryStorage storage = new InMemoryStorage();
        storage.holdFirstContactUntil(storageReached);
        // Built although storage is not reached yet: a core that waited for it would never return here.
        ChatBridgeCore core = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> new ChatBridgeCore(
                        storage,
                        ScriptedChatUpstream.echoing(),
                        () -> List.of("gpt-test"),
                        new BotSettings("gpt-test", null, 4000, Duration.ofSeconds(30), false),
                        new AccessPolicy(Set.of("ada"), Set.of()),
                        new ScriptedMidjourneyProxy(),
                        ImagineSettings.defaults(null),
                        ChatFeatures.defaults("http://gateway.invalid", "test-key"),
                        Safeguards.none()));
        try {
            InMemoryChannel channel = new InMemoryChannel("tg", "chat-1");
            core.channels().register("tg", address -> channel);
            UserMessage question = new UserMessage(
                    "tg", "event-1", "chat-1", UserMessage.ChatKind.PRIVATE, "ada", "ada", "en", "Are you there?");
            Thread platform = Thread.ofPlatform()
                    .start(() -> assertThat(
                                    core.engine().accept(question, channel).acknowledged())
                            .isTrue());

            // The event waits (parked on the storage step), and nothing has been sent.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (platform.getState() != Thread.State.WAITING) {
                assertThat(System.nanoTime()).as("the event waits for storage").isLessThan(deadline);
                Thread.sleep(1);
            }
            assertThat(channel.texts()).isEmpty();

            storageReached.countDown();
            channel.awaitAnswered(1);
            assertThat(channel.texts()).containsExactly("re: Are you there?");
            platform.join();
        } finally {
            core.shutdown(Duration.ZERO);
        }
    }
}
