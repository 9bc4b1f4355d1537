package dev.chatbridge.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbridge.core.quota.QuotaUser;
import dev.chatbridge.core.text.Language;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ToolBoxTest {

    private static final ToolCaller CALLER = new ToolCaller(new QuotaUser("test", "1"), Language.EN);

    private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final ToolBox tools = new ToolBox(List.of(new CurrentTimeTool(clock), new SleepyTool()), 3);

    @Test
    void runsAValidCallAndReturnsItsResult() throws Exception {
        ToolRun run = tools.run(new ToolCall("1", "current_time", "{\"timezone\":\"Asia/Shanghai\"}"), CALLER);
        assertThat(run.failed()).isFalse();
        assertThat(run.resultForModel()).contains("2025-03-01T20:00:00+08:00", "Saturday");
    }

    @Test
    void emptyArgumentsMeanAnEmptyObject() throws Exception {
        assertThat(tools.run(new ToolCall("1", "current_time", ""), CALLER).resultForModel())
                .contains("\"timezone\":\"UTC\"");
    }

    @Test
    void reportsUnknownToolsBadJsonSchemaViolationsAndTimeouts() throws Exception {
        assertThat(tools.run(new ToolCall("1", "nope", "{}"), CALLER).error())
                .contains("unknown tool 'nope'", "current_time");
        assertThat(tools.run(new ToolCall("2", "current_time", "[1,2]"), CALLER).error())
                .contains("not a JSON object");
        assertThat(tools.run(new ToolCall("3", "current_time", "{\"zone\":\"x\"}"), CALLER)
                        .error())
                .contains("invalid arguments for current_time");
        ToolRun slow = tools.run(new ToolCall("4", "sleepy", "{}"), CALLER);
        assertThat(slow.error()).isEqualTo("sleepy timed out after 0 s");
        assertThat(slow.resultForModel()).startsWith("{\"error\":");
    }

    @Test
    void runsTheCallsOfARoundSideBySideInOrder() throws Exception {
        List<ToolRun> runs = tools.runAll(
                List.of(new ToolCall("a", "sleepy", "{}"), new ToolCall("b", "current_time", "{}")), CALLER);
        assertThat(runs).extracting(run -> run.call().id()).containsExactly("a", "b");
    }

    @Test
    void refusesAToolWithAnInvalidSchemaOrADuplicateName() {
        Tool broken = new SleepyTool() {
            @Override
            public ToolSpec spec() {
                return new ToolSpec("broken", "x", "{not json");
            }
        };
        assertThatThrownBy(() -> new ToolBox(List.of(broken), 1)).hasMessageContaining("broken");
        assertThatThrownBy(() -> new ToolBox(List.of(new SleepyTool(), new SleepyTool()), 1))
                .hasMessageContaining("two tools are named sleepy");
    }

    private static class SleepyTool implements Tool {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("sleepy", "sleeps", "{\"type\":\"object\"}");
        }

        @Override
        public Duration timeout() {
            return Duration.ofMillis(200);
        }

        @Override
        public ToolOutput call(JsonNode arguments, ToolCaller caller) throws InterruptedException {
            Thread.sleep(5_000);
            return ToolOutput.text("{}");
        }
    }
}
