package dev.chatbridge.core.upstream.midjourney;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbridge.core.imagine.Task;
import dev.chatbridge.core.imagine.TaskButton;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parts of the client that need no proxy: parsing, synthesized buttons, settings. */
class MidjourneyClientTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"45%\"    | 45",
                "\"45\"     | 45",
                "45         | 45",
                "\"45.7%\"  | 45",
                "\" 7 % \"  | 7",
                "\"150%\"   | 100",
                "\"-5%\"    | 0",
                "\"\"       | 0",
                "\"soon\"   | 0",
                "null       | 0",
                "[1]        | 0"
            })
    void readsProgressLeniently(String progress, int expected) {
        Task task = MidjourneyClient.parseTask(
                        "{\"id\":\"1\",\"status\":\"IN_PROGRESS\",\"progress\":" + progress + "}")
                .orElseThrow();

        assertThat(task.progress()).isEqualTo(expected);
    }

    @Test
    void aDescribeTaskWhosePromptsAreOnlyInTheFinalPromptStillCarriesThem() {
        Task task = MidjourneyClient.parseTask(
                        "{\"id\":\"1\",\"action\":\"DESCRIBE\",\"status\":\"SUCCESS\","
                                + "\"prompt\":null,\"promptEn\":\"\",\"properties\":{\"finalPrompt\":\"1️⃣ a fox\\n\\n2️⃣ a hill\"}}")
                .orElseThrow();

        assertThat(task.prompt()).isEqualTo("1️⃣ a fox\n\n2️⃣ a hill");
    }

    @Test
    void treatsAMissingProgressAsZeroAndUnknownStatusesAsUnknown() {
        Task task = MidjourneyClient.parseTask("{\"id\":\"1\",\"status\":\"PAUSED_BY_DISCORD\"}")
                .orElseThrow();

        assertThat(task.progress()).isZero();
        assertThat(task.status()).isEqualTo(Task.Status.UNKNOWN);
        assertThat(MidjourneyClient.parseTask("{\"id\":\"1\"}").orElseThrow().status())
                .isEqualTo(Task.Status.UNKNOWN);
        assertThat(MidjourneyClient.parseTask("{\"id\":\"1\",\"status\":\"modal\"}")
                        .orElseThrow()
                        .status())
                .isEqualTo(Task.Status.MODAL);
    }

    @Test
    void fallsBackToPromptEnThenEmptyAndTurnsBlankFieldsIntoNull() {
        Task task = MidjourneyClient.parseTask("""
                {"id":"1","action":"IMAGINE","prompt":"","promptEn":"a cat","imageUrl":"","failReason":"",
                 "status":"SUCCESS","progress":"100%","buttons":null}""").orElseThrow();

        assertThat(task.prompt()).isEqualTo("a cat");
        assertThat(task.imageUrl()).isNull();
        assertThat(task.failReason()).isNull();
        assertThat(task.buttons()).isEmpty();
        assertThat(MidjourneyClient.parseTask("{\"id\":\"1\"}").orElseThrow().prompt())
                .isEmpty();
    }

    @Test
    void readsWhatMidjourneyWasGivenFromFinalPromptThenPromptEn() {
        Task both = MidjourneyClient.parseTask("""
                {"id":"1","prompt":"雪中的狐狸","promptEn":"a fox in snow",
                 "properties":{"finalPrompt":"a fox in snow --v 6.1"}}""").orElseThrow();
        Task promptEnOnly = MidjourneyClient.parseTask("""
                {"id":"1","prompt":"雪中的狐狸","promptEn":"a fox in snow","properties":{"finalPrompt":""}}""").orElseThrow();

        assertThat(both.prompt()).isEqualTo("雪中的狐狸");
        assertThat(both.finalPrompt()).isEqualTo("a fox in snow --v 6.1");
        assertThat(promptEnOnly.finalPrompt()).isEqualTo("a fox in snow");
        assertThat(MidjourneyClient.parseTask("{\"id\":\"1\",\"prompt\":\"p\"}")
                        .orElseThrow()
                        .finalPrompt())
                .isNull();
    }

    @Test
    void readsButtonsWithLabelsOrEmojiAndSkipsThoseWithoutId() {
        Task task = MidjourneyClient.parseTask("""
                {"id":"1","status":"SUCCESS","buttons":[
                  {"customId":"MJ::JOB::reroll::0::bab70970-d663-464b-bf49-1d0d766064c3::SOLO","emoji":"🔄","label":""},
                  {"customId":"MJ::JOB::low_variation::1::bab70970-d663-464b-bf49-1d0d766064c3::SOLO","emoji":"🪄",
                   "label":"Vary (Subtle)","type":2,"style":2},
                  {"label":"broken"},
                  {"customId":"MJ::BOOKMARK::bab70970-d663-464b-bf49-1d0d766064c3"}]}""").orElseThrow();

        assertThat(task.buttons()).extracting(TaskButton::face).containsExactly("🔄", "🪄 Vary (Subtle)", "");
        assertThat(task.buttons().get(2).label()).isEmpty();
    }

    @Test
    void aHookBodyThatIsNotATaskIsEmpty() {
        assertThat(MidjourneyClient.parseTask("")).isEmpty();
        assertThat(MidjourneyClient.parseTask("null")).isEmpty();
        assertThat(MidjourneyClient.parseTask("<html>")).isEmpty();
        assertThat(MidjourneyClient.parseTask("[1,2]")).isEmpty();
        assertThat(MidjourneyClient.parseTask("{\"status\":\"SUCCESS\"}")).isEmpty();
    }

    @Test
    void synthesizesTheNineStandardButtonsInDiscordsShape() {
        List<TaskButton> buttons = MidjourneyClient.standardButtons("1726667730879000");

        assertThat(buttons)
                .extracting(TaskButton::face)
                .containsExactly("U1", "U2", "U3", "U4", "🔄", "V1", "V2", "V3", "V4");
        assertThat(buttons.getFirst().customId()).isEqualTo("MJ::JOB::upsample::1::1726667730879000");
        assertThat(buttons.get(4).customId()).isEqualTo("MJ::JOB::reroll::0::1726667730879000::SOLO");
        assertThat(buttons.get(4).label()).isEmpty();
        assertThat(buttons.getLast().customId()).isEqualTo("MJ::JOB::variation::4::1726667730879000");
    }

    @Test
    void offersStandardButtonsOnlyForFinishedGridsWithoutOwnButtons() {
        TaskButton own = new TaskButton("MJ::JOB::upsample::1::x", "U1", "");

        assertThat(MidjourneyClient.buttonsFor(task("IMAGINE", Task.Status.SUCCESS, List.of())))
                .hasSize(9);
        assertThat(MidjourneyClient.buttonsFor(task("VARIATION", Task.Status.SUCCESS, List.of())))
                .hasSize(9);
        assertThat(MidjourneyClient.buttonsFor(task("REROLL", Task.Status.SUCCESS, List.of())))
                .hasSize(9);
        assertThat(MidjourneyClient.buttonsFor(task("UPSCALE", Task.Status.SUCCESS, List.of())))
                .isEmpty();
        assertThat(MidjourneyClient.buttonsFor(task("IMAGINE", Task.Status.IN_PROGRESS, List.of())))
                .isEmpty();
        assertThat(MidjourneyClient.buttonsFor(task("IMAGINE", Task.Status.FAILURE, List.of())))
                .isEmpty();
        assertThat(MidjourneyClient.buttonsFor(task("UPSCALE", Task.Status.SUCCESS, List.of(own))))
                .containsExactly(own);
    }

    @Test
    void settingsRedactTheKey() {
        MidjourneySettings settings = new MidjourneySettings(
                "https://mj.example/", "sk-very-secret", MidjourneySettings.Dialect.CHANGE, Duration.ofSeconds(5));

        assertThat(settings.toString()).doesNotContain("sk-very-secret").contains("<redacted>", "CHANGE");
        assertThat(new MidjourneySettings("https://mj.example", "").toString()).contains("<unset>", "AUTO");
    }

    private static Task task(String action, Task.Status status, List<TaskButton> buttons) {
        return new Task("1726667730879000", action, status, 100, null, null, "a cat", buttons);
    }
}
