package dev.chatbridge.core.imagine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DescribedPromptsTest {

    private static final String FOUR = "1️⃣ a red fox in the snow, watercolor --ar 4:3\n\n"
            + "2️⃣ fox standing on a snowy hill, in the style of ukiyo-e --ar 4:3\n\n"
            + "3️⃣ a small orange animal, minimalist --ar 4:3\n\n"
            + "4️⃣ winter wildlife photography, 85mm --ar 4:3";

    @Test
    void readsTheFourNumberedPromptsWithTheirParameters() {
        assertThat(DescribedPrompts.parse(FOUR))
                .containsExactly(
                        "a red fox in the snow, watercolor --ar 4:3",
                        "fox standing on a snowy hill, in the style of ukiyo-e --ar 4:3",
                        "a small orange animal, minimalist --ar 4:3",
                        "winter wildlife photography, 85mm --ar 4:3");
    }

    @Test
    void readsKeycapsWithoutTheVariationSelectorAndPromptsOnOneLine() {
        assertThat(DescribedPrompts.parse("1\u20E3 one 2\u20E3 two\n3️⃣three")).containsExactly("one", "two", "three");
    }

    @Test
    void aTextWithoutNumbersIsOnePromptAndABlankOneNone() {
        assertThat(DescribedPrompts.parse("  just one prompt  ")).containsExactly("just one prompt");
        assertThat(DescribedPrompts.parse(" \n ")).isEmpty();
        assertThat(DescribedPrompts.parse("1️⃣ \n\n2️⃣ second")).containsExactly("second");
    }

    @Test
    void splitsBetweenPromptsAndNeverCutsOne() {
        String longPrompt = "word ".repeat(300).strip();
        List<String> prompts = List.of(longPrompt, longPrompt, longPrompt, "short");
        List<String> messages = DescribedPrompts.messages("Header", prompts, 2000);

        assertThat(messages)
                .hasSizeGreaterThan(1)
                .allSatisfy(m -> assertThat(m.length()).isLessThanOrEqualTo(2000));
        String joined = String.join("", messages).replaceAll("\\s+", " ");
        assertThat(joined).startsWith("Header").contains("4️⃣ short");
        assertThat(joined.split(java.util.regex.Pattern.quote(longPrompt), -1)).hasSize(4);
    }

    @Test
    void buttonsGoFiveToARowAndEachKeyDrawsItsOwnPromptForTheOwner() {
        InMemoryButtonKeys keys = new dev.chatbridge.core.InMemoryStorage().buttonKeys(java.time.Duration.ofDays(1));
        ImagineJob job = new ImagineJob(
                "d-1",
                "dc",
                "chan",
                "ada",
                dev.chatbridge.core.text.Language.EN,
                "describe",
                null,
                null,
                0,
                0,
                Task.Status.SUCCESS,
                100,
                1000,
                false,
                false);
        Task task = new Task("d-1", "DESCRIBE", Task.Status.SUCCESS, 100, null, null, "", List.of());
        List<String> prompts = List.of("p1", "p2", "p3", "p4", "p5", "p6");

        var rows = DescribedPrompts.buttons(keys, job, task, prompts);

        assertThat(rows).extracting(List::size).containsExactly(5, 1);
        var sixth = keys.resolve(rows.get(1).getFirst().key()).orElseThrow();
        assertThat(sixth.prompt()).isEqualTo("p6");
        assertThat(sixth.ownerUserId()).isEqualTo("ada");
        assertThat(DescribedPrompts.isDrawButton(sixth.customId())).isTrue();
    }

    @Test
    void aDescribeTaskIsKnownByItsAction() {
        Task describe = new Task("1", "DESCRIBE", Task.Status.SUCCESS, 100, null, null, FOUR, List.of());
        Task imagine = new Task("2", "IMAGINE", Task.Status.SUCCESS, 100, null, null, FOUR, List.of());
        assertThat(DescribedPrompts.isDescribe(describe)).isTrue();
        assertThat(DescribedPrompts.isDescribe(imagine)).isFalse();
    }
}
