package dev.chatbridge.app;

import static dev.chatbridge.testsupport.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.ChatRequest;
import dev.chatbridge.testsupport.FakeOpenAiServer;
import dev.chatbridge.testsupport.FakeTelegramBotApi;
import dev.chatbridge.testsupport.RedisTestServer;
import dev.chatbridge.testsupport.Reply;
import dev.chatbridge.testsupport.SentMessage;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole application, started as an operator starts it, holds a conversation and survives a restart. */
class ChatBridgeApplicationIT {

    private static final String TOKEN = "424242:APP-test-token";
    private static final String KEY = "sk-app-test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static FakeTelegramBotApi telegram;
    private static FakeOpenAiServer gateway;

    @BeforeAll
    static void startFakes() {
        telegram = new FakeTelegramBotApi(TOKEN);
        gateway = new FakeOpenAiServer(KEY);
    }

    @AfterAll
    static void stopFakes() {
        telegram.close();
        gateway.close();
    }

    @Test
    void holdsAConversationAndRemembersItAcrossARestart() {
        long chat = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        try (ConfigurableApplicationContext app = start()) {
            gateway.enqueue(Reply.of("Nice to meet you, **Ada**!"));
            telegram.sendText(chat, chat, "Hi, I am Ada");
            await("first answer", () -> finalText(chat, 0).equals("Nice to meet you, Ada!"), WAIT);
            assertThat(telegram.messages(chat).getFirst().rawText()).contains("<b>Ada</b>");
        }
        try (ConfigurableApplicationContext app = start()) {
            telegram.sendText(chat, chat, "Who am I?");
            await("second answer", () -> finalText(chat, 1).equals("echo: Who am I?"), WAIT);
        }
        ChatRequest second = gateway.requests().getLast();
        assertThat(second.model()).isEqualTo("gpt-4o");
        assertThat(second.messages()).extracting(ChatRequest.Msg::text)
                .containsExactly("Hi, I am Ada", "Nice to meet you, **Ada**!", "Who am I?");
        assertThat(telegram.rateViolations()).isZero();
    }

    private static String finalText(long chat, int index) {
        var messages = telegram.messages(chat);
        if (messages.size() <= index) {
            return "";
        }
        SentMessage message = messages.get(index);
        return message.parseMode() == null ? "" : message.text();
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ChatBridgeApplication.class).run(
                "--server.port=0",
                "--chatbridge.telegram.bot-token=" + TOKEN,
                "--chatbridge.telegram.api-url=" + telegram.baseUrl(),
                "--chatbridge.telegram.streaming=EDIT",
                "--chatbridge.telegram.poll-timeout=1s",
                "--chatbridge.openai.base-url=" + gateway.baseUrl(),
                "--chatbridge.openai.api-key=" + KEY,
                "--chatbridge.redis.url=" + RedisTestServer.url());
    }
}
