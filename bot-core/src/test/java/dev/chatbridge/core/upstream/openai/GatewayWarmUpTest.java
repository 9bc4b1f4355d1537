package dev.chatbridge.core.upstream.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import org.junit.jupiter.api.Test;

/** The warm-up's samples must stay what this SDK version parses, or the warm-up silently does nothing. */
class GatewayWarmUpTest {

    @Test
    void theSamplesAreChunksThisSdkReadsInFull() throws Exception {
        var mapper = ObjectMappers.jsonMapper();

        assertThatCode(() -> GatewayWarmUp.run(mapper)).doesNotThrowAnyException();

        ChatCompletionChunk content = mapper.readValue(GatewayWarmUp.CHUNKS[0], ChatCompletionChunk.class);
        assertThat(content.choices().getFirst().delta().content()).hasValue("warm");
        ChatCompletionChunk toolCall = mapper.readValue(GatewayWarmUp.CHUNKS[1], ChatCompletionChunk.class);
        assertThat(toolCall.choices().getFirst().delta().toolCalls().orElseThrow())
                .singleElement()
                .satisfies(call -> assertThat(call.id()).hasValue("call_1"));
        ChatCompletionChunk usage = mapper.readValue(GatewayWarmUp.CHUNKS[2], ChatCompletionChunk.class);
        assertThat(usage.usage().orElseThrow().totalTokens()).isEqualTo(2);
    }
}
