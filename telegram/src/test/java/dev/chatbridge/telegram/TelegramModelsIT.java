package dev.chatbridge.telegram;

import static dev.chatbridge.testsupport.telegram.FakeTelegramBotApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.chat.ModelListSettings;
import dev.chatbridge.testsupport.telegram.SentMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /models and /model against a gateway that lists 70 models, seven of them not for chat, with an alias. */
class TelegramModelsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> NOT_FOR_CHAT = List.of(
            "text-embedding-3-small",
            "text-embedding-ada-002",
            "tts-1",
            "tts-1-hd",
            "whisper-1",
            "dall-e-3",
            "omni-moderation-latest");
    /** 62 chat models and the bot's default, gpt-4o: 63 offered, seven pages of ten. */
    private static final List<String> LISTED = Stream.of(
                    NOT_FOR_CHAT.stream(),
                    Stream.of("gpt-4o"),
                    IntStream.rangeClosed(1, 62).mapToObj(n -> "chat-%02d".formatted(n)))
            .flatMap(s -> s)
            .toList();

    private static TelegramTestBot t;

    @BeforeAll
    static void startBot() throws Exception {
        t = TelegramTestBot.start(new TelegramTestBot.Options()
                .models(
                        LISTED,
                        new ModelListSettings(
                                List.of(), ModelListSettings.DEFAULT_EXCLUDE, Map.of("fast", "chat-07"))));
    }

    @AfterAll
    static void stopBot() throws Exception {
        t.close();
    }

    @Test
    void pagesThroughTheOfferedModelsMarksTheCurrentOneAndSwitchesOnAPress() {
        assertThat(LISTED).hasSize(70);
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/models");
        await("keyboard", () -> !t.telegram.messages(chat).isEmpty(), WAIT);
        SentMessage keyboard = t.telegram.messages(chat).getFirst();
        assertThat(keyboard.text()).contains("Page 1 of 7 · 63 models");
        assertThat(labels(keyboard)).contains("chat-07 (fast)").endsWith("1/7", "▶");

        Set<String> seen = new LinkedHashSet<>(modelLabels(keyboard));
        for (int page = 2; page <= 7; page++) {
            keyboard = press(chat, keyboard, "▶");
            assertThat(labels(keyboard)).contains(page + "/7");
            assertThat(keyboard.text()).contains("Page " + page + " of 7");
            seen.addAll(modelLabels(keyboard));
        }
        assertThat(labels(keyboard)).containsExactly("chat-61", "chat-62", "✅ gpt-4o", "◀", "7/7");
        assertThat(seen).hasSize(63).doesNotContainAnyElementsOf(NOT_FOR_CHAT);
        assertThat(t.telegram.messages(chat).getFirst().callbackData())
                .allSatisfy(data ->
                        assertThat(data.getBytes(StandardCharsets.UTF_8).length).isBetween(1, 64));

        keyboard = press(chat, keyboard, "◀");
        assertThat(labels(keyboard)).contains("6/7", "chat-55");
        keyboard = press(chat, keyboard, "chat-55");
        assertThat(t.telegram.calls("answerCallbackQuery").getLast().param("text"))
                .contains("chat-55");
        assertThat(labels(keyboard)).contains("✅ chat-55", "6/7");
        t.ask(chat, "which model now?", 2);
        assertThat(t.lastRequestFrom("which model now?").model()).isEqualTo("chat-55");
    }

    @Test
    void modelRefusesAnExcludedModelAndTakesAnAliasWhichTheListThenMarks() {
        long chat = TelegramTestBot.newId();
        t.telegram.sendText(chat, chat, "/model whisper-1");
        assertThat(awaitReply(chat, 1)).contains("whisper-1 is not offered here");
        t.telegram.sendText(chat, chat, "/model FAST");
        assertThat(awaitReply(chat, 2)).contains("chat-07");
        t.ask(chat, "and now?", 3);
        assertThat(t.lastRequestFrom("and now?").model()).isEqualTo("chat-07");

        t.telegram.sendText(chat, chat, "/models");
        await("keyboard", () -> t.telegram.messages(chat).size() >= 4, WAIT);
        assertThat(labels(t.telegram.messages(chat).get(3))).contains("✅ chat-07 (fast)");
    }

    /** Presses the button with this label and waits for the keyboard to be redrawn. */
    private static SentMessage press(long chat, SentMessage keyboard, String label) {
        int index = labels(keyboard).indexOf(label);
        assertThat(index).as("button " + label).isNotNegative();
        int answered = t.telegram.calls("answerCallbackQuery").size();
        t.telegram.pressButton(
                chat, chat, keyboard.messageId(), keyboard.callbackData().get(index));
        await(
                "redrawn after " + label,
                () -> t.telegram.calls("answerCallbackQuery").size() > answered
                        && current(chat, keyboard).editCount() > keyboard.editCount(),
                WAIT);
        return current(chat, keyboard);
    }

    private static SentMessage current(long chat, SentMessage keyboard) {
        return t.telegram.messages(chat).stream()
                .filter(m -> m.messageId() == keyboard.messageId())
                .findFirst()
                .orElseThrow();
    }

    private static List<String> labels(SentMessage message) {
        List<String> labels = new ArrayList<>();
        JsonNode markup = message.replyMarkup();
        if (markup != null) {
            markup.path("inline_keyboard")
                    .forEach(row -> row.forEach(b -> labels.add(b.path("text").asString(""))));
        }
        return labels;
    }

    private static List<String> modelLabels(SentMessage message) {
        return labels(message).stream()
                .filter(label -> !label.equals("◀") && !label.equals("▶") && !label.matches("\\d+/\\d+"))
                .map(label -> label.replace("✅ ", "").replace(" (fast)", ""))
                .toList();
    }

    private static String awaitReply(long chat, int count) {
        await(
                "reply " + count,
                () -> t.telegram.messages(chat).size() >= count
                        && t.core.activeAnswers().count() == 0,
                WAIT);
        return t.telegram.messages(chat).get(count - 1).text();
    }
}
