package dev.chatbridge.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.InMemoryStorage;
import dev.chatbridge.core.chat.ScriptedChatUpstream;
import dev.chatbridge.core.delivery.InMemoryChannel;
import dev.chatbridge.core.message.UserMessage;
import dev.chatbridge.core.text.Language;
import dev.chatbridge.core.text.Text;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A queued message whose turn finds storage unavailable before its answer began (Redis restarting
 * just then) stays queued and is answered once storage is back, without a "storage unavailable"
 * reply, and the failed try does not count against it.
 */
class StorageBlipTest {

    private final InMemoryStorage storage = new InMemoryStorage();
    private final ScriptedChatUpstream gateway = ScriptedChatUpstream.echoing();
    private final InMemoryChannel channel = new InMemoryChannel("tg", "blip-chat");
    private final ChatBridgeCore core = TestReplicas.on(storage, gateway);

    @AfterEach
    void stop() {
        core.shutdown(Duration.ZERO);
    }

    @Test
    void aQueuedMessageThatMeetsUnavailableStorageIsAnsweredWhenItIsBack() throws Exception {
        core.channels().register("tg", address -> channel);
        // More failed tries than a message is allowed: they must not send it to the dead letters.
        storage.conversations().unavailableForNextTurns(ConversationPipeline.DEFAULT_MAX_ATTEMPTS + 1);
        core.startBackgroundWork(Duration.ofSeconds(5), Duration.ofMillis(50));

        core.engine()
                .accept(
                        new UserMessage(
                                "tg",
                                "blip-1",
                                "blip-chat",
                                UserMessage.ChatKind.PRIVATE,
                                "ada",
                                "Ada",
                                "en",
                                "Hello?"),
                        channel);

        channel.awaitText("re: Hello?");
        assertThat(channel.texts()).containsExactly("re: Hello?");
        assertThat(channel.texts()).noneMatch(text -> text.equals(Text.STORAGE_DOWN.in(Language.EN)));
        assertThat(gateway.questions()).containsExactly("Hello?");
    }
}
