package dev.recon.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/recon-analytics-dashboard.json: every panel queries the ClickHouse data source
 * plugin, and every panel's SQL runs on the engine against the migrated schema (with the dashboard
 * variable filled in). Rendering in Grafana itself is not tested (no Grafana here).
 */
class GrafanaDashboardITCase {

    private static JsonNode dashboard;
    private static ClickHouseTestDatabase db;

    @BeforeAll
    static void load() throws Exception {
        dashboard = new ObjectMapper().readTree(Path.of(System.getProperty("recon.repo.root", ".."))
                .resolve("deploy/grafana/recon-analytics-dashboard.json").toFile());
        db = ClickHouseTestDatabase.fresh("grafana");
        db.migrate();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void everyPanelUsesTheClickHousePluginAndItsSqlRuns() {
        JsonNode panels = dashboard.path("panels");
        assertThat(panels.size()).isEqualTo(10);
        Set<String> titles = new HashSet<>();
        for (JsonNode panel : panels) {
            assertThat(titles.add(panel.path("title").asText())).isTrue();
            assertThat(panel.path("datasource").path("type").asText()).isEqualTo("grafana-clickhouse-datasource");
            JsonNode target = panel.path("targets").get(0);
            String sql = target.path("rawSql").asText().replace("${payment_id}", "pay-1");
            assertThat(sql).doesNotContain("$");
            db.query(sql); // throws with the server's message if the SQL is wrong
        }
        assertThat(dashboard.path("__inputs").get(0).path("pluginId").asText()).isEqualTo("grafana-clickhouse-datasource");
    }
}
