package dev.chatbridge.testsupport.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.LongPollingSingleThreadUpdateConsumer;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/** The real TelegramBots 10 client against the fake: what it sends is understood, what it gets back parses. */
class TelegramBotsClientCompatibilityTest {
    private static final String TOKEN = "123456:compat-secret";

    private FakeTelegramBotApi telegram;
    private TelegramUrl url;
    private OkHttpTelegramClient client;

    @BeforeEach
    void start() {
        telegram = new FakeTelegramBotApi(TOKEN);
        URI base = URI.create(telegram.baseUrl());
        url = new TelegramUrl("http", base.getHost(), base.getPort(), false);
        client = new OkHttpTelegramClient(TOKEN, url);
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    @Test
    void parsesGetMeSendAndEdit() throws Exception {
        assertThat(client.execute(new GetMe()).getUserName()).isEqualTo("chatbridge_bot");

        Message sent = client.execute(SendMessage.builder()
                .chatId(42L)
                .text("<b>Hi</b>")
                .parseMode("HTML")
                .build());
        assertThat(sent.getText()).isEqualTo("Hi");
        assertThat(sent.getChat().isUserChat()).isTrue();
        assertThat(sent.getFrom().getIsBot()).isTrue();
        assertThat(sent.getEntities())
                .singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("bold"));

        Thread.sleep(1000);
        var edited = client.execute(EditMessageText.builder()
                .chatId(42L)
                .messageId(sent.getMessageId())
                .text("Hi again")
                .build());
        assertThat(((Message) edited).getText()).isEqualTo("Hi again");
    }

    @Test
    void surfacesErrorsWithCodeAndRetryAfter() throws Exception {
        // A cold client can take most of a second to parse its first answer.
        telegram.privateChatInterval(Duration.ofSeconds(5));
        client.execute(SendMessage.builder().chatId(42L).text("one").build());

        assertThatThrownBy(() -> client.execute(
                        SendMessage.builder().chatId(42L).text("two").build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(429);
                    assertThat(e.getParameters().getRetryAfter()).isEqualTo(1);
                });
    }

    @Test
    void acceptsDraftsCommandsAndMultipartPhotos() throws Exception {
        telegram.floodControl(false);

        assertThat(client.execute(SendMessageDraft.builder()
                        .chatId(42L)
                        .draftId(5)
                        .text("Thinking…")
                        .build()))
                .isTrue();
        assertThat(client.execute(SetMyCommands.builder()
                        .commands(List.of(new BotCommand("imagine", "Draw a picture")))
                        .languageCode("en")
                        .build()))
                .isTrue();
        Message photo = client.execute(SendPhoto.builder()
                .chatId(42L)
                .photo(new InputFile(new ByteArrayInputStream(new byte[2048]), "cat.png"))
                .caption("A <i>cat</i>")
                .parseMode("HTML")
                .build());

        assertThat(telegram.drafts(42)).extracting(SentDraft::text).containsExactly("Thinking…");
        assertThat(telegram.commands("en")).containsExactly(new BotCommandEntry("imagine", "Draw a picture"));
        assertThat(photo.getPhoto()).isNotEmpty();
        assertThat(photo.getCaption()).isEqualTo("A cat");
        assertThat(telegram.messages(42))
                .singleElement()
                .satisfies(m -> assertThat(m.photo()).isTrue());
    }

    @Test
    void deliversUpdatesThroughTheLongPollingApplication() throws Exception {
        List<Update> received = new CopyOnWriteArrayList<>();
        try (var app = new TelegramBotsLongPollingApplication()) {
            app.registerBot(
                    TOKEN,
                    () -> url,
                    // Like DefaultGetUpdatesGenerator: the session passes the last update id it received.
                    lastId -> GetUpdates.builder().offset(lastId + 1).timeout(1).build(),
                    (LongPollingSingleThreadUpdateConsumer) received::add);

            telegram.sendText(UserText.of(42, 42, "/imagine a cat").withLanguageCode("zh-hans"));
            FakeTelegramBotApi.await("one update", () -> received.size() == 1, Duration.ofSeconds(5));
            // Delivered once: the next poll confirmed it.
            FakeTelegramBotApi.await("confirmation", () -> telegram.pendingUpdates() == 0, Duration.ofSeconds(5));
            app.unregisterBot(TOKEN);
            // Unregistering lets the poll in flight finish; outlive it so it does not hit a closed server.
            Thread.sleep(1200);
        }

        Message message = received.getFirst().getMessage();
        // TelegramBots fills entity texts lazily in getEntities(); isCommand() is false before that call.
        assertThat(message.getEntities()).singleElement().satisfies(entity -> {
            assertThat(entity.getType()).isEqualTo("bot_command");
            assertThat(entity.getText()).isEqualTo("/imagine");
        });
        assertThat(message.isCommand()).isTrue();
        assertThat(message.getFrom().getLanguageCode()).isEqualTo("zh-hans");
        assertThat(telegram.calls("deleteWebhook")).isNotEmpty();
    }
}
