package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * helm/chatbridge/README.md's parameter tables are generated from the {@code ## @section} and
 * {@code ## @param} comments of values.yaml (Bitnami style). This test fails when the committed
 * tables differ from what values.yaml generates, or when a value has no {@code @param}; run it with
 * {@code -Dchart.readme.write=true} to rewrite the tables (see {@link #REGENERATE}).
 */
class ChartReadmeTest {

    static final String REGENERATE = "mvn -B -ntp -pl app -am test -Dtest=ChartReadmeTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dchart.readme.write=true";

    private static final Path CHART =
            Path.of("..", "helm", "chatbridge").toAbsolutePath().normalize();
    private static final Path VALUES = CHART.resolve("values.yaml");
    private static final Path README = CHART.resolve("README.md");
    private static final String BEGIN =
            "<!-- parameters: generated from values.yaml by ChartReadmeTest; do not edit -->";
    private static final String END = "<!-- end of parameters -->";
    private static final Pattern SECTION = Pattern.compile("^## @section (.+)$");
    private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) (.+)$");

    record Param(String key, String description) {}

    record Section(String title, List<Param> params) {}

    @Test
    void readmeParameterTablesAreGeneratedFromValuesYaml() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("%s holds the marker %s", README, BEGIN).isNotNegative();
        assertThat(end).as("%s holds the marker %s", README, END).isGreaterThan(begin);

        String expected =
                readme.substring(0, begin + BEGIN.length()) + "\n\n" + tables() + "\n" + readme.substring(end);
        if (Boolean.getBoolean("chart.readme.write")) {
            Files.writeString(README, expected);
        }
        assertThat(readme)
                .as("helm/chatbridge/README.md is out of date with values.yaml; regenerate it with:%n  %s", REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void everyValueIsDocumentedAndEveryParamNamesAValue() throws IOException {
        Map<String, Object> values = new Yaml().load(Files.readString(VALUES));
        List<String> documented = new ArrayList<>();
        for (Section section : sections()) {
            section.params().forEach(param -> documented.add(param.key()));
        }
        assertThat(documented).doesNotHaveDuplicates();
        for (String key : documented) {
            assertThat(lookup(values, key))
                    .as("@param %s names a value in values.yaml", key)
                    .isNotNull();
        }
        List<String> undocumented = new ArrayList<>();
        collectUndocumented("", values, documented, undocumented);
        assertThat(undocumented).as("values without a ## @param line").isEmpty();
    }

    /** A value is documented by its own @param or by one of a parent map (e.g. {@code resources}). */
    @SuppressWarnings("unchecked")
    private static void collectUndocumented(
            String prefix, Map<String, Object> node, List<String> documented, List<String> into) {
        node.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (documented.contains(path)) {
                return;
            }
            if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                collectUndocumented(path, (Map<String, Object>) map, documented, into);
            } else {
                into.add(path);
            }
        });
    }

    static List<Section> sections() throws IOException {
        List<Section> sections = new ArrayList<>();
        for (String line : Files.readAllLines(VALUES)) {
            Matcher section = SECTION.matcher(line);
            Matcher param = PARAM.matcher(line);
            if (section.matches()) {
                sections.add(new Section(section.group(1).strip(), new ArrayList<>()));
            } else if (param.matches()) {
                assertThat(sections)
                        .as("@param %s comes after a ## @section", param.group(1))
                        .isNotEmpty();
                sections.getLast()
                        .params()
                        .add(new Param(param.group(1), param.group(2).strip()));
            }
        }
        return sections;
    }

    static String tables() throws IOException {
        Map<String, Object> values = new Yaml().load(Files.readString(VALUES));
        StringBuilder out = new StringBuilder();
        for (Section section : sections()) {
            out.append("### ").append(section.title()).append("\n\n");
            out.append("| Name | Description | Value |\n");
            out.append("| ---- | ----------- | ----- |\n");
            for (Param param : section.params()) {
                out.append("| `")
                        .append(param.key())
                        .append("` | ")
                        .append(cell(param.description()))
                        .append(" | ")
                        .append(defaultValue(lookup(values, param.key())))
                        .append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String defaultValue(Object value) {
        if (value instanceof String text) {
            return text.isEmpty() ? "`\"\"`" : "`" + text + "`";
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            String json = JsonMapper.builder().build().writeValueAsString(value);
            return json.length() <= 60 ? "`" + cell(json) + "`" : "see values.yaml";
        }
        return "`" + value + "`";
    }

    /** The value at a dotted path, or null; a present key with an empty value gives a non-null placeholder. */
    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> values, String key) {
        Object current = values;
        for (String step : key.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(step)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(step);
        }
        return current == null ? new LinkedHashMap<>() : current;
    }
}
