package dev.chatbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard queries only metrics the application publishes. It lives in the chart (which
 * ships it as a ConfigMap); deploy/grafana/chatbridge.json only points at it, so the two never drift.
 */
class GrafanaDashboardTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    static final Path DASHBOARD = REPOSITORY.resolve("helm/chatbridge/dashboards/chatbridge.json");
    private static final Path OLD_PLACE = REPOSITORY.resolve("deploy/grafana/chatbridge.json");

    @Test
    void everyPanelQueriesAPublishedMetric() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").isEmpty())
                    .as(panel.path("title").asString())
                    .isFalse();
            for (JsonNode target : panel.path("targets")) {
                Set<String> names =
                        PublishedMetrics.queriedBy(target.path("expr").asString());
                assertThat(names).as(target.path("expr").asString()).isNotEmpty();
                queried.addAll(names);
            }
        }

        String scrape = PublishedMetrics.scrape();
        assertThat(queried)
                .hasSizeGreaterThan(10)
                .allSatisfy(name -> assertThat(scrape).containsPattern("(?m)^" + name + "[{ ]"));
    }

    @Test
    void theDashboardExistsOnceAndTheOldPathPointsAtIt() throws Exception {
        if (Files.exists(OLD_PLACE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            assertThat(Files.isSymbolicLink(OLD_PLACE))
                    .as("%s is a link, not a copy", OLD_PLACE)
                    .isTrue();
            assertThat(OLD_PLACE.toRealPath()).isEqualTo(DASHBOARD.toRealPath());
        }
    }
}
