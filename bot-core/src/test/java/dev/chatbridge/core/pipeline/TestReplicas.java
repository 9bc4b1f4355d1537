package dev.chatbridge.core.pipeline;

import dev.chatbridge.core.ChatBridgeCore;
import dev.chatbridge.core.ChatFeatures;
import dev.chatbridge.core.CoreStorage;
import dev.chatbridge.core.Safeguards;
import dev.chatbridge.core.access.AccessPolicy;
import dev.chatbridge.core.chat.BotSettings;
import dev.chatbridge.core.chat.ScriptedChatUpstream;
import dev.chatbridge.core.imagine.ImagineSettings;
import dev.chatbridge.core.imagine.ScriptedMidjourneyProxy;
import dev.chatbridge.core.redis.RedisStorage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A replica as the pipeline's fault tests build it: open to everyone, one model, no Midjourney, no safeguards. */
final class TestReplicas {

    private TestReplicas() {}

    static ChatBridgeCore on(CoreStorage storage, ScriptedChatUpstream gateway) {
        return new ChatBridgeCore(
                storage,
                gateway,
                () -> List.of("gpt-test"),
                new BotSettings("gpt-test", null, 4000, Duration.ofSeconds(30), false),
                new AccessPolicy(Set.of(), Set.of()),
                new ScriptedMidjourneyProxy(),
                ImagineSettings.defaults(null),
                ChatFeatures.defaults("http://gateway.invalid", "test-key"),
                Safeguards.none());
    }

    /** On Redis, with conversation locks of {@code lease}. */
    static ChatBridgeCore onRedis(StringRedisTemplate redis, Duration lease, ScriptedChatUpstream gateway) {
        return on(
                RedisStorage.of(redis, new CoreStorage.Settings(Duration.ofHours(1), 50, Duration.ofHours(1), lease)),
                gateway);
    }
}
