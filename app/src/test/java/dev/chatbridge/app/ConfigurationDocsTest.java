package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md and the application agree: every variable application.yaml reads is in the
 * variables table with its property and default, every contract variable is there (those the app
 * does not read yet say so, and application.yaml must not read them), and every {@code chatbridge.*}
 * property of the configuration records is in the properties table with its variable and default.
 * No row names something the application does not have.
 */
class ConfigurationDocsTest {

    private static final Path DOC = ConfigurationReference.REPOSITORY.resolve("docs/configuration.md");
    private static final String VARIABLES_HEADER = "| variable | property | default | meaning |";
    private static final String PROPERTIES_HEADER = "| property | environment variable | default | meaning |";
    private static final String NOT_READ = "not read yet";
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** A table row: its first cell's name, and its cells. */
    record Row(String name, List<String> cells) {}

    @Test
    void everyVariableOfApplicationYamlAndTheContractIsDocumentedWithItsPropertyAndDefault() throws IOException {
        Map<String, Row> rows = table(VARIABLES_HEADER);
        Map<String, ConfigurationReference.Placeholder> read = new LinkedHashMap<>();
        for (var placeholder : ConfigurationReference.applicationYamlPlaceholders()) {
            read.put(placeholder.env(), placeholder);
        }

        List<String> problems = new ArrayList<>();
        read.forEach((env, placeholder) -> {
            Row row = rows.get(env);
            if (row == null) {
                problems.add("missing row: | `%s` | `%s` | %s | ... |"
                        .formatted(env, placeholder.property(), shown(placeholder.defaultValue())));
                return;
            }
            if (!row.cells().get(1).equals("`" + placeholder.property() + "`")) {
                problems.add("%s: property should be `%s`, is %s"
                        .formatted(env, placeholder.property(), row.cells().get(1)));
            }
            if (!defaultOf(row.cells().get(2)).equals(placeholder.defaultValue())) {
                problems.add("%s: default should be %s, is %s"
                        .formatted(
                                env,
                                shown(placeholder.defaultValue()),
                                row.cells().get(2)));
            }
        });
        for (String env : ConfigurationReference.CONTRACT) {
            if (!rows.containsKey(env)) {
                problems.add("missing contract variable " + env);
            }
        }
        rows.forEach((env, row) -> {
            boolean notRead = row.cells().get(1).contains(NOT_READ);
            if (notRead && read.containsKey(env)) {
                problems.add(env + " is read by application.yaml now: give its property and default");
            }
            if (!notRead && !read.containsKey(env)) {
                problems.add(env + " is documented but application.yaml does not read it");
            }
            if (notRead && !ConfigurationReference.CONTRACT.contains(env)) {
                problems.add(env + " is neither read nor a contract variable");
            }
        });
        assertThat(problems)
                .as("docs/configuration.md against application.yaml")
                .isEmpty();
    }

    @Test
    void everyChatbridgePropertyIsDocumentedWithItsVariableAndDefault() throws IOException {
        Map<String, Row> rows = table(PROPERTIES_HEADER);
        Map<String, String> fromContract = new LinkedHashMap<>();
        Map<String, String> yamlDefaults = new LinkedHashMap<>();
        for (var placeholder : ConfigurationReference.applicationYamlPlaceholders()) {
            fromContract.put(placeholder.property(), placeholder.env());
            yamlDefaults.put(placeholder.property(), placeholder.defaultValue());
        }

        List<String> problems = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        for (var property : ConfigurationReference.properties()) {
            known.add(property.name());
            String env =
                    fromContract.getOrDefault(property.name(), ConfigurationReference.environmentName(property.name()));
            String defaultValue = yamlDefaults.getOrDefault(property.name(), property.defaultValue());
            Row row = rows.get(property.name());
            if (row == null) {
                problems.add("missing row: | `%s` | `%s` | %s | ... |"
                        .formatted(property.name(), env, defaultValue == null ? "required" : shown(defaultValue)));
                continue;
            }
            String envCell = row.cells().get(1);
            boolean isMap = property.type().getTypeName().startsWith("java.util.Map");
            if (!envCell.startsWith("`" + env + "`") && !(isMap && !envCell.contains("`"))) {
                problems.add("%s: variable should be `%s`, is %s".formatted(property.name(), env, envCell));
            }
            String documented = row.cells().get(2);
            if (defaultValue == null) {
                if (!documented.startsWith("required")) {
                    problems.add(property.name() + ": has no default, so the doc should say required");
                }
            } else if (!defaultOf(documented).equals(defaultValue)) {
                problems.add(
                        "%s: default should be %s, is %s".formatted(property.name(), shown(defaultValue), documented));
            }
        }
        for (String name : rows.keySet()) {
            if (!known.contains(name)) {
                problems.add(name + " is documented but is no chatbridge.* property of the application");
            }
        }
        assertThat(problems)
                .as("docs/configuration.md against the configuration records")
                .isEmpty();
    }

    /** The default a cell states: its first code span, or empty when it starts with "empty". */
    private static String defaultOf(String cell) {
        if (cell.startsWith("empty")) {
            return "";
        }
        Matcher code = CODE.matcher(cell);
        return code.find() ? code.group(1) : cell;
    }

    private static String shown(String defaultValue) {
        return defaultValue.isEmpty() ? "empty" : "`" + defaultValue + "`";
    }

    /** The rows of the table under this header, by the code span of their first cell. */
    private static Map<String, Row> table(String header) throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(header);
        assertThat(start).as("%s has a table headed %s", DOC, header).isNotNegative();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            Matcher name = CODE.matcher(cells.getFirst());
            assertThat(name.find()).as("first cell of %s", lines.get(i)).isTrue();
            assertThat(rows.put(name.group(1), new Row(name.group(1), cells)))
                    .as("%s documented once", name.group(1))
                    .isNull();
        }
        return rows;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
