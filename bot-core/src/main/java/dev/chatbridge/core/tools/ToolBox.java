package dev.chatbridge.core.tools;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools offered to the model, and how a call runs: the name must be known, the arguments must
 * be a JSON object that satisfies the tool's schema, and the call must end within the tool's
 * timeout. Every way a call can go wrong becomes an {@code {"error": …}} result the model can react
 * to, plus a note for the user; nothing is thrown.
 */
public final class ToolBox {

    private static final Logger log = LoggerFactory.getLogger(ToolBox.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final int MAX_RESULT_CHARS = 16_000;

    private final Map<String, Entry> tools = new LinkedHashMap<>();
    private final int maxRounds;

    private record Entry(Tool tool, Schema schema) {}

    public ToolBox(List<Tool> tools, int maxRounds) {
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be at least 1");
        }
        this.maxRounds = maxRounds;
        for (Tool tool : tools) {
            String name = tool.spec().name();
            if (this.tools.containsKey(name)) {
                throw new IllegalArgumentException("two tools are named " + name);
            }
            Schema schema;
            try {
                schema = SCHEMAS.getSchema(tool.spec().parametersSchema());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "the JSON schema of tool " + name + " is invalid: " + e.getMessage(), e);
            }
            this.tools.put(name, new Entry(tool, schema));
        }
    }

    public static ToolBox none() {
        return new ToolBox(List.of(), 1);
    }

    /** How many rounds of tool calls one answer may make before the bot stops it. */
    public int maxRounds() {
        return maxRounds;
    }

    /** Whether {@code name} is one of the tools (models sometimes call tools that do not exist). */
    public boolean knows(String name) {
        return tools.containsKey(name);
    }

    public List<ToolSpec> specs() {
        return tools.values().stream().map(entry -> entry.tool().spec()).toList();
    }

    /** Runs the calls of one round side by side, each within its tool's timeout, and returns them in order. */
    public List<ToolRun> runAll(List<ToolCall> calls, ToolCaller caller) throws InterruptedException {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ToolRun>> running = new ArrayList<>(calls.size());
            for (ToolCall call : calls) {
                running.add(executor.submit(() -> run(call, caller)));
            }
            List<ToolRun> runs = new ArrayList<>(calls.size());
            for (Future<ToolRun> future : running) {
                try {
                    runs.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("ToolBox.run never throws", e.getCause());
                }
            }
            return runs;
        }
    }

    /** Runs one call; never throws except on interruption. */
    public ToolRun run(ToolCall call, ToolCaller caller) throws InterruptedException {
        Entry entry = tools.get(call.name());
        if (entry == null) {
            return failed(
                    call, "unknown tool '" + call.name() + "'; the tools are: " + String.join(", ", tools.keySet()));
        }
        Optional<JsonNode> arguments = parseArguments(call.arguments());
        if (arguments.isEmpty()) {
            return failed(call, "the arguments of " + call.name() + " are not a JSON object");
        }
        List<Error> problems = entry.schema().validate(arguments.get());
        if (!problems.isEmpty()) {
            String why = problems.stream().limit(5).map(Error::getMessage).collect(Collectors.joining("; "));
            return failed(call, "invalid arguments for " + call.name() + ": " + why);
        }
        Tool tool = entry.tool();
        try (ExecutorService worker = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ToolOutput> result = worker.submit(() -> tool.call(arguments.get(), caller));
            try {
                ToolOutput output = result.get(tool.timeout().toMillis(), TimeUnit.MILLISECONDS);
                return new ToolRun(call, limit(output.forModel()), output.image(), null);
            } catch (TimeoutException e) {
                result.cancel(true);
                return timedOut(call, tool);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ToolFailure failure && failure.isTimeout()) {
                    return timedOut(call, tool);
                }
                String why = cause instanceof ToolFailure failure
                        ? failure.getMessage()
                        : cause.getClass().getSimpleName()
                                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                return failed(call, call.name() + " failed: " + why);
            } finally {
                worker.shutdownNow();
            }
        }
    }

    private static Optional<JsonNode> parseArguments(String raw) {
        if (raw.isBlank()) {
            return Optional.of(JSON.createObjectNode());
        }
        try {
            JsonNode node = JSON.readTree(raw);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ToolRun timedOut(ToolCall call, Tool tool) {
        return failed(call, call.name() + " timed out after " + tool.timeout().toSeconds() + " s");
    }

    private static ToolRun failed(ToolCall call, String error) {
        log.info("Tool call {} ({}) failed: {}", call.id(), call.name(), error);
        ObjectNode result = JSON.createObjectNode();
        result.put("error", error);
        return new ToolRun(call, JSON.writeValueAsString(result), null, error);
    }

    private static String limit(String text) {
        return text.length() <= MAX_RESULT_CHARS ? text : text.substring(0, MAX_RESULT_CHARS) + "…(cut)";
    }
}
