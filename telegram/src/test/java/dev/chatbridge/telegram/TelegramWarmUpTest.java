package dev.chatbridge.telegram;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The startup warm-up must go through with the TelegramBots version in the build: its samples are real replies. */
class TelegramWarmUpTest {

    @Test
    void serializesAnAnswersCallsAndParsesTheirRepliesInMemory() {
        assertThatCode(() -> TelegramWarmUp.run(new ObjectMapper())).doesNotThrowAnyException();
    }
}
