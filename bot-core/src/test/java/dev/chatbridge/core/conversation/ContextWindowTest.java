package dev.chatbridge.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

    private final TokenCounter counter = new TokenCounter();

    @Test
    void keepsEverythingThatFitsTheBudget() {
        List<Turn> history = conversation(3);

        ContextWindow window = ContextWindow.fit(history, 10, 10_000, counter);

        assertThat(window.turns()).isEqualTo(history);
        assertThat(window.trimmed()).isFalse();
    }

    @Test
    void dropsOldestQuestionAndAnswerPairsFirst() {
        List<Turn> history = conversation(10);
        int perPair = counter.count(history.get(0)) + counter.count(history.get(1));

        ContextWindow window = ContextWindow.fit(history, 0, perPair * 3, counter);

        assertThat(window.droppedTurns()).isEqualTo(14);
        assertThat(window.turns()).hasSize(6);
        assertThat(window.turns().getFirst()).isEqualTo(history.get(14));
        assertThat(window.turns().getFirst().role()).isEqualTo(Turn.Role.USER);
    }

    @Test
    void dropsEverythingWhenTheQuestionAloneFillsTheBudget() {
        ContextWindow window = ContextWindow.fit(conversation(2), 5_000, 1_000, counter);

        assertThat(window.turns()).isEmpty();
        assertThat(window.droppedTurns()).isEqualTo(4);
    }

    @Test
    void countsChineseTextInTokens() {
        assertThat(counter.count("你好，世界")).isLessThan(counter.count("你好，世界".repeat(10)));
    }

    private static List<Turn> conversation(int pairs) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            turns.add(Turn.user("question number " + i + " about something"));
            turns.add(Turn.assistant("answer number " + i + " with some detail"));
        }
        return turns;
    }
}
