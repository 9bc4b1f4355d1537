package dev.chatbridge.bench;

import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import java.util.ArrayList;
import java.util.List;

/**
 * One set of fakes for one application run: the Bot API with Telegram's real spacing (1 s per private chat, 3 s
 * per group), the gateway and the Midjourney proxy. Each run gets fresh ones, so its counts are its own.
 */
final class Fakes implements AutoCloseable {

    static final String TOKEN = "700000:BENCH-token_for-the-fake-bot-api";
    static final String KEY = "sk-bench-gateway-key";

    final FakeTelegramBotApi telegram = new FakeTelegramBotApi(TOKEN);
    final FakeOpenAiServer gateway = new FakeOpenAiServer(KEY);
    final FakeMidjourneyProxy midjourney = new FakeMidjourneyProxy(KEY, FakeMidjourneyProxy.Dialect.ACTION);

    /** The application's settings pointing at these fakes and at {@code redisUrl}. */
    List<String> appArgs(String redisUrl) {
        List<String> args = new ArrayList<>();
        args.add("--chatbridge.telegram.bot-token=" + TOKEN);
        args.add("--chatbridge.telegram.api-url=" + telegram.baseUrl());
        args.add("--chatbridge.openai.base-url=" + gateway.baseUrl());
        args.add("--chatbridge.openai.api-key=" + KEY);
        args.add("--chatbridge.mj.base-url=" + midjourney.baseUrl());
        args.add("--chatbridge.redis.url=" + redisUrl);
        // Shorter than the 50 s default only so that stopping the app between scenarios does not wait for a poll.
        args.add("--chatbridge.telegram.poll-timeout=5s");
        return args;
    }

    @Override
    public void close() {
        midjourney.close();
        gateway.close();
        telegram.close();
    }
}
