package dev.chatbridge.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
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
    void keepsWhatDroppingTheOldestTurnsOneByOneKeepsAndCountsOnlyTheTurnsItLooksAt() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            List<Turn> history = new ArrayList<>();
            Map<Turn, Integer> costs = new IdentityHashMap<>();
            int size = random.nextInt(30);
            for (int i = 0; i < size; i++) {
                // Mostly alternating, sometimes two answers in a row (an answer cut off and retried).
                boolean answer = i % 2 == 1 || random.nextInt(6) == 0;
                Turn turn = answer ? Turn.assistant("a" + i) : Turn.user("q" + i);
                history.add(turn);
                costs.put(turn, random.nextInt(200));
            }
            int fixed = random.nextInt(300);
            int budget = random.nextInt(3_000);
            AtomicInteger counted = new AtomicInteger();

            ContextWindow window = ContextWindow.fit(history, fixed, budget, turn -> {
                counted.incrementAndGet();
                return costs.get(turn);
            });

            int expected = droppedOneByOne(history, fixed, budget, costs);
            assertThat(window.droppedTurns()).as("round %d", round).isEqualTo(expected);
            assertThat(window.turns()).isEqualTo(history.subList(expected, history.size()));
            assertThat(counted.get()).as("turns tokenized").isLessThanOrEqualTo(history.size() - expected + 2);
        }
    }

    /** The plain rule: count everything, then drop from the oldest (an answer with its question) until it fits. */
    private static int droppedOneByOne(List<Turn> history, int fixed, int budget, Map<Turn, Integer> costs) {
        int total = fixed + history.stream().mapToInt(costs::get).sum();
        int start = 0;
        while (start < history.size() && total > budget) {
            total -= costs.get(history.get(start));
            start++;
            if (start < history.size() && history.get(start).role() == Turn.Role.ASSISTANT) {
                total -= costs.get(history.get(start));
                start++;
            }
        }
        return start;
    }

    @Test
    void remembersTheCountsOfLongerTextsItHasSeen() {
        TokenCounter fresh = new TokenCounter();
        String answer = "A longer answer about counting words in a large file, in several sentences. ".repeat(20);

        int first = fresh.count(answer);
        int again = fresh.count(new String(answer.toCharArray())); // equal text, another object, as read from Redis
        fresh.count("short");

        assertThat(again).isEqualTo(first);
        assertThat(fresh.remembered())
                .as("the long text once; short texts are counted anew")
                .isEqualTo(1);
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
