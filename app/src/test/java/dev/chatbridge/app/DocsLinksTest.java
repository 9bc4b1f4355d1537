package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README, the chart's README and docs/ link only to files that exist. */
class DocsLinksTest {

    private static final Path REPOSITORY = ConfigurationReference.REPOSITORY;
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    @Test
    void relativeLinksPointAtFilesThatExist() throws IOException {
        List<Path> documents = new ArrayList<>(
                List.of(REPOSITORY.resolve("README.md"), REPOSITORY.resolve("helm/chatbridge/README.md")));
        try (Stream<Path> docs = Files.list(REPOSITORY.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).forEach(documents::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                String target = link.group(1);
                if (!target.contains("://")
                        && !Files.exists(document.getParent().resolve(target))) {
                    broken.add(REPOSITORY.relativize(document) + " -> " + target);
                }
            }
        }
        assertThat(documents).hasSizeGreaterThan(5);
        assertThat(broken).as("links to missing files").isEmpty();
    }
}
