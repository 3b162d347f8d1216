package dev.recon.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.batch.generate.SettlementScenario.GroundTruth;
import dev.recon.batch.generate.SettlementScenario;
import dev.recon.testkit.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job lands its results in the real ClickHouse engine and Elasticsearch node from the
 * test kit, and running the same day again leaves every total unchanged (same recon_ids, same
 * versions: nothing added).
 */
class AnalyticsLandingITCase {

    static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path tmp;

    @Test
    void resultsLandInClickHouseAndElasticsearchOnceEvenWhenTheDayRunsTwice() throws Exception {
        // given
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String database = "it_batch_" + suffix;
        String indexPrefix = "it-batch-" + suffix;
        String clickHouse = TestServices.clickHouse().httpUrl();
        String elasticsearch = TestServices.elasticsearch().httpUrl();
        Path config = tmp.resolve("recon.yaml");
        Files.writeString(config, SettlementScenario.FEE_SCHEDULE_YAML);
        GroundTruth truth = new SettlementScenario(DAY, 300, 11).writeTo(tmp.resolve("in"));
        Map<String, Object> settings = new HashMap<>();
        settings.put("recon.batch.home", tmp.resolve("home").toString());
        settings.put("recon.config", config.toString());
        settings.put("RECON_CLICKHOUSE_URL", clickHouse);
        settings.put("RECON_CLICKHOUSE_DATABASE", database);
        settings.put("RECON_ELASTICSEARCH_URL", elasticsearch);
        settings.put("RECON_ELASTICSEARCH_INDEX_PREFIX", indexPrefix);
        Path out = tmp.resolve("out");
        String[] args = {"--channel", "adyen", "--date", DAY.toString(), "--settlement",
            truth.settlementCsv().toString(), "--internal", truth.internalCsv().toString(), "--out", out.toString()};

        // when
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int first = BatchReconApplication.run(args, new PrintStream(err, true, StandardCharsets.UTF_8), settings);
        String firstTotals = clickHouseTotals(clickHouse, database);
        int second = BatchReconApplication.run(args, new PrintStream(err, true, StandardCharsets.UTF_8), settings);

        // then
        assertThat(first).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(second).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> csvRows = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
        long results = csvRows.size() - 1;
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("landed in ClickHouse").contains("landed in Elasticsearch");

        // ClickHouse: one current row per result, and the re-run changed no total
        String totals = clickHouseTotals(clickHouse, database);
        assertThat(totals).isEqualTo(firstTotals);
        assertThat(totals).startsWith(results + "\t" + results + "\t");
        assertThat(query(clickHouse, "SELECT countIf(status = 'BREAK') FROM " + database + ".recon_results FINAL"))
                .isEqualTo(Long.toString(csvRows.stream().filter(l -> l.contains(",BREAK,")).count()));

        // Elasticsearch: one document per recon_id in the index of the business date
        refresh(elasticsearch, indexPrefix + "*");
        String count = get(elasticsearch, "/" + indexPrefix + "-2026.01/_count");
        assertThat(count).contains("\"count\":" + results);
    }

    /** rows stored after merges, distinct ids, breaks: FINAL keeps the highest version per recon_id. */
    private static String clickHouseTotals(String url, String database) throws Exception {
        return query(url, "SELECT count(), uniqExact(recon_id), countIf(status = 'BREAK'), sum(coalesce(difference_minor, 0))"
                + " FROM " + database + ".recon_results FINAL WHERE is_deleted = 0");
    }

    private static String query(String url, String sql) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/?default_format=TabSeparated"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(sql)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().trim();
    }

    private static void refresh(String url, String index) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(url + "/" + index + "/_refresh")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String url, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
