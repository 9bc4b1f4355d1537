package dev.chatbridge.app;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.testsupport.common.LocalHttpServer;
import dev.chatbridge.testsupport.discord.FakeDiscord;
import dev.chatbridge.testsupport.openai.FakeOpenAiServer;
import dev.chatbridge.testsupport.telegram.FakeTelegramBotApi;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A platform that cannot be reached when the application starts does not stop it: the application starts, reports
 * that platform DOWN in /actuator/health, serves the other platform, and starts the missing one once it can be
 * reached. A token the platform rejects still stops the start, with a message that names the variable.
 */
class PlatformStartIT {

    private static final String DISCORD_TOKEN = "MTIz.app-discord.token";
    private static final Duration WAIT = Duration.ofSeconds(40);

    private static FakeOpenAiServer gateway;

    @BeforeAll
    static void startGateway() {
        gateway = new FakeOpenAiServer(TestApp.KEY);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void telegramUnreachableAtStartIsReportedDownThenAnswersOnceItComesUp() throws Exception {
        int port = LocalHttpServer.reservePort();
        long chat = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        FakeTelegramBotApi telegram = null;
        try (ConfigurableApplicationContext app = start(
                "--chatbridge.telegram.bot-token=" + TestApp.TOKEN,
                "--chatbridge.telegram.api-url=http://127.0.0.1:" + port)) {
            JsonNode down = health(app);
            assertThat(down.at("/components/telegram/status").asString()).isEqualTo("DOWN");
            assertThat(down.at("/components/telegram/details/connection").asString())
                    .startsWith("unreachable since")
                    .contains("cannot reach the Bot API")
                    .doesNotContain(TestApp.TOKEN);

            telegram = new FakeTelegramBotApi(TestApp.TOKEN, FakeTelegramBotApi.DEFAULT_BOT_USERNAME, port);
            FakeTelegramBotApi api = telegram;
            await(
                    "the bot registered its commands",
                    () -> !api.calls("setMyCommands").isEmpty(),
                    WAIT);
            api.sendText(chat, chat, "are you there?");
            await("the answer", () -> finalText(api, chat).equals("echo: are you there?"), WAIT);
            await(
                    "telegram UP in health",
                    () -> health(app)
                            .at("/components/telegram/status")
                            .asString()
                            .equals("UP"),
                    WAIT);
        } finally {
            if (telegram != null) {
                telegram.close();
            }
        }
    }

    @Test
    void aTelegramTokenTheBotApiRejectsStopsTheStartWithAClearMessage() {
        try (FakeTelegramBotApi telegram = new FakeTelegramBotApi("111111:the-real-token")) {
            assertThatThrownBy(() -> start(
                                    "--chatbridge.telegram.bot-token=" + TestApp.TOKEN,
                                    "--chatbridge.telegram.api-url=" + telegram.baseUrl())
                            .close())
                    .satisfies(failure -> assertThat(messages(failure))
                            .contains("Telegram rejected the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN"));
        }
    }

    @Test
    void discordUnreachableAtStartIsReportedDownThenAnswersOnceItComesUp() throws Exception {
        int port = LocalHttpServer.reservePort();
        FakeDiscord discord = null;
        try (ConfigurableApplicationContext app =
                start(discordAt(FakeDiscord.apiUrl(port), FakeDiscord.gatewayUrl(port)))) {
            JsonNode down = health(app);
            assertThat(down.at("/components/discord/status").asString()).isEqualTo("DOWN");
            assertThat(down.at("/components/discord/details/connection").asString())
                    .startsWith("unreachable since")
                    .contains("cannot reach Discord");

            discord = new FakeDiscord(DISCORD_TOKEN, port);
            FakeDiscord api = discord;
            await(
                    "discord UP in health",
                    () -> health(app)
                            .at("/components/discord/status")
                            .asString()
                            .equals("UP"),
                    WAIT);
            String alice = api.user("alice");
            api.userDms(alice, "hello Discord");
            api.awaitBotMessage(api.dmChannelOf(alice), m -> m.content().equals("echo: hello Discord"), WAIT);
        } finally {
            if (discord != null) {
                discord.close();
            }
        }
    }

    @Test
    void aDiscordTokenDiscordRejectsStopsTheStartWithAClearMessage() {
        try (FakeDiscord discord = new FakeDiscord("MTIz.the-real.token")) {
            assertThatThrownBy(() -> start(discordAt(discord.apiUrl(), discord.gatewayUrl()))
                            .close())
                    .satisfies(failure -> assertThat(messages(failure))
                            .contains("Discord rejected the bot token (401 Unauthorized): check DISCORD_BOT_TOKEN"));
        }
    }

    @Test
    void discordAnswersWhileTelegramCannotBeReached() throws Exception {
        int telegramPort = LocalHttpServer.reservePort();
        try (FakeDiscord discord = new FakeDiscord(DISCORD_TOKEN);
                ConfigurableApplicationContext app = start(
                        "--chatbridge.telegram.bot-token=" + TestApp.TOKEN,
                        "--chatbridge.telegram.api-url=http://127.0.0.1:" + telegramPort,
                        "--chatbridge.discord.bot-token=" + DISCORD_TOKEN,
                        "--chatbridge.discord.api-url=" + discord.apiUrl(),
                        "--chatbridge.discord.gateway-url=" + discord.gatewayUrl())) {
            // The app is started before Discord's shard has connected: wait for its session.
            discord.awaitSessions(1, WAIT);
            String bob = discord.user("bob");
            discord.userDms(bob, "only Discord today");
            discord.awaitBotMessage(
                    discord.dmChannelOf(bob), m -> m.content().equals("echo: only Discord today"), WAIT);

            JsonNode health = health(app);
            assertThat(health.at("/components/telegram/status").asString()).isEqualTo("DOWN");
            assertThat(health.at("/components/discord/status").asString()).isEqualTo("UP");
        }
    }

    private static String[] discordAt(String apiUrl, String gatewayUrl) {
        return new String[] {
            "--chatbridge.telegram.bot-token=",
            "--chatbridge.discord.bot-token=" + DISCORD_TOKEN,
            "--chatbridge.discord.api-url=" + apiUrl,
            "--chatbridge.discord.gateway-url=" + gatewayUrl
        };
    }

    /** Each test sets the Bot API URL it needs, or no Telegram token at all. */
    private static ConfigurableApplicationContext start(String... extra) {
        return TestApp.start("http://127.0.0.1:9", gateway, extra);
    }

    private static JsonNode health(ConfigurableApplicationContext app) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(TestApp.baseUrl(app) + "/actuator/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return JsonMapper.builder().build().readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The messages of a failure and its causes, one a line. */
    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static String finalText(FakeTelegramBotApi telegram, long chat) {
        var messages = telegram.messages(chat);
        if (messages.isEmpty()) {
            return "";
        }
        SentMessage message = messages.getFirst();
        return message.parseMode() == null ? "" : message.text();
    }
}
