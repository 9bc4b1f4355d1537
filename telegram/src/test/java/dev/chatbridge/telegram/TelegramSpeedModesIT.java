package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.testsupport.midjourney.FakeMidjourneyProxy;
import dev.chatbridge.testsupport.redis.RedisTestServer;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Midjourney speed mode chosen in /settings, with a proxy that offers modes and with one that does not. */
class TelegramSpeedModesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void submitsTheWholeJobUnderTheModeChosenInSettings() throws Exception {
        try (var bot = TelegramTestBot.start()) {
            long chat = TelegramTestBot.newId();
            chooseSpeed(bot, chat, "fast");

            bot.telegram.sendText(chat, chat, "/imagine a fast fox");
            SentMessage grid = awaitPhotos(bot, chat, 1).getFirst();
            bot.telegram.pressButton(
                    chat, chat, grid.messageId(), grid.callbackData().getFirst()); // U1
            awaitPhotos(bot, chat, 2);

            assertThat(bot.midjourney.submits())
                    .extracting(FakeMidjourneyProxy.Submit::path)
                    .containsExactly("/mj-fast/mj/submit/imagine", "/mj-fast/mj/submit/action");
            assertThat(texts(bot, chat)).noneMatch(text -> text.contains("does not offer speed modes"));
        }
    }

    @Test
    void aProxyWithoutModesIsRememberedThePictureStillComesAndTheUserIsToldOnce() throws Exception {
        try (var redis = RedisTestServer.startDedicated();
                var bot = TelegramTestBot.start(new TelegramTestBot.Options().redisUrl(redis.url()))) {
            bot.midjourney.speedModes(false);
            long chat = TelegramTestBot.newId();
            chooseSpeed(bot, chat, "relax");

            bot.telegram.sendText(chat, chat, "/imagine a slow snail");
            awaitPhotos(bot, chat, 1);
            bot.telegram.sendText(chat, chat, "/imagine another slow snail");
            awaitPhotos(bot, chat, 2);

            assertThat(bot.midjourney.submits())
                    .extracting(FakeMidjourneyProxy.Submit::path)
                    .as("one try under the mode's prefix, remembered: then only the plain route")
                    .containsExactly("/mj-relax/mj/submit/imagine", "/mj/submit/imagine", "/mj/submit/imagine");
            assertThat(texts(bot, chat))
                    .filteredOn(text -> text.contains("does not offer speed modes"))
                    .hasSize(1)
                    .allSatisfy(text -> assertThat(text).contains("relax"));
            Set<String> remembered = bot.redis.keys("cb:mj:modes:*");
            assertThat(remembered).hasSize(1);
            String key = remembered.iterator().next();
            assertThat(bot.redis.opsForValue().get(key)).isEqualTo("no");
            assertThat(bot.redis.getExpire(key))
                    .as("checked again after a while")
                    .isPositive();

            long menus = menus(bot, chat);
            bot.telegram.sendText(chat, chat, "/settings");
            await("a second menu", () -> menus(bot, chat) > menus, WAIT);
            SentMessage menu = awaitMessageWithButton(bot, chat, "st:v");
            assertThat(menu.text()).contains("relax (this Midjourney proxy has no speed modes)");
            assertThat(menu.replyMarkup().toString()).contains("Midjourney speed: not offered");
            bot.telegram.pressButton(chat, chat, menu.messageId(), "st:v");
            await(
                    "explanation",
                    () -> texts(bot, chat).stream()
                            .anyMatch(text -> text.contains("no /mj-relax, /mj-fast or /mj-turbo")),
                    WAIT);
        }
    }

    /** Opens /settings, its speed row, and picks {@code mode}. */
    private static void chooseSpeed(TelegramTestBot bot, long chat, String mode) {
        bot.telegram.sendText(chat, chat, "/settings");
        SentMessage menu = awaitMessageWithButton(bot, chat, "st:v");
        // The menu's keyboard may meet flood control right after the menu (the pacer spaces call starts, the
        // fake measures arrivals); the user then sees "buttons cannot be shown" and presses again.
        int[] answered = {answers(bot).size()};
        bot.telegram.pressButton(chat, chat, menu.messageId(), "st:v");
        await(
                "the speed choices",
                () -> {
                    if (bot.telegram.messages(chat).stream()
                            .anyMatch(m -> m.callbackData().contains("st:v=" + mode))) {
                        return true;
                    }
                    List<String> answers = answers(bot);
                    if (answers.size() > answered[0] && answers.getLast().contains("cannot be shown")) {
                        answered[0] = answers.size();
                        bot.telegram.pressButton(chat, chat, menu.messageId(), "st:v");
                    }
                    return false;
                },
                WAIT);
        SentMessage choices = awaitMessageWithButton(bot, chat, "st:v=" + mode);
        bot.telegram.pressButton(chat, chat, choices.messageId(), "st:v=" + mode);
        await(
                "mode stored",
                () -> mode.equals(
                        bot.core.store().settings("tg", String.valueOf(chat)).speedMode()),
                WAIT);
    }

    private static long menus(TelegramTestBot bot, long chat) {
        return bot.telegram.messages(chat).stream()
                .filter(m -> m.callbackData().contains("st:v"))
                .count();
    }

    private static SentMessage awaitMessageWithButton(TelegramTestBot bot, long chat, String data) {
        await(
                "a message with " + data,
                () -> bot.telegram.messages(chat).stream()
                        .anyMatch(m -> m.callbackData().contains(data)),
                WAIT);
        return bot.telegram.messages(chat).stream()
                .filter(m -> m.callbackData().contains(data))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private static List<String> answers(TelegramTestBot bot) {
        return bot.telegram.calls("answerCallbackQuery").stream()
                .map(call -> call.param("text") == null ? "" : call.param("text"))
                .toList();
    }

    private static List<String> texts(TelegramTestBot bot, long chat) {
        return bot.telegram.messages(chat).stream().map(SentMessage::text).toList();
    }

    private static List<SentMessage> awaitPhotos(TelegramTestBot bot, long chat, int count) {
        await(count + " photos", () -> photos(bot, chat).size() >= count, WAIT);
        return photos(bot, chat);
    }

    private static List<SentMessage> photos(TelegramTestBot bot, long chat) {
        return bot.telegram.messages(chat).stream().filter(SentMessage::photo).toList();
    }
}
