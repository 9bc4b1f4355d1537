package dev.chatbridge.core.upstream.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds, once at startup and beside it, the Jackson (de)serializers the OpenAI SDK needs for an answer: it builds
 * them on first use, per mapper, through kotlin-reflect, and on a fresh process that introspection of the chunk
 * types was most of what the first answer's first words still paid (JFR of a cold answer; a JDK AOT cache holds
 * classes, not these). It only serializes a request and parses sample chunks in memory: nothing is sent anywhere.
 */
final class GatewayWarmUp {

    private static final Logger log = LoggerFactory.getLogger(GatewayWarmUp.class);

    /** A content chunk, a tool-call chunk and the usage chunk, as OpenAI streams them. */
    static final String[] CHUNKS = {"""
        {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m",\
        "choices":[{"index":0,"delta":{"role":"assistant","content":"warm"},"finish_reason":null}]}""", """
        {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m",\
        "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function",\
        "function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""", """
        {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[],\
        "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"""};

    private GatewayWarmUp() {}

    /** Runs {@link #run} on a virtual thread of its own; a failure only costs the first answer its speed. */
    static void inBackground(JsonMapper sdkMapper) {
        Thread.ofVirtual().name("gateway-warm-up").start(() -> {
            try {
                run(sdkMapper);
            } catch (JsonProcessingException | RuntimeException e) {
                log.debug("Warming up the gateway client's JSON failed; the first answer builds it instead", e);
            }
        });
    }

    /** Writes a streamed request's body and reads the chunks with the mapper the SDK client uses. */
    static void run(JsonMapper sdkMapper) throws JsonProcessingException {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("m")
                .addSystemMessage("warm-up")
                .addUserMessage("warm-up")
                .maxTokens(1)
                .temperature(1.0)
                .build();
        sdkMapper.writeValueAsBytes(params._body());
        for (String chunk : CHUNKS) {
            // validate() reads every field, as Spring AI's conversion of the chunk does.
            sdkMapper.readValue(chunk, ChatCompletionChunk.class).validate();
        }
    }
}
