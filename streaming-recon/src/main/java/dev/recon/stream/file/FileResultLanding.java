package dev.recon.stream.file;

import dev.recon.core.event.json.EventRejectedException;
import dev.recon.core.event.json.ReconResultJson;
import dev.recon.core.result.ReconResult;
import dev.recon.sink.ReconResultStores;
import dev.recon.sink.Secrets;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.elasticsearch.ElasticsearchSinkConfig;
import dev.recon.sink.row.ReconResultRow;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lands the file mode's results in ClickHouse and/or Elasticsearch when {@code RECON_CLICKHOUSE_URL}
 * / {@code RECON_ELASTICSEARCH_URL} are set (the same variables and credentials as the batch and
 * the Kafka landing job), through analytics-sink's {@link ReconResultStores}.
 *
 * <p>The job writes every emitted version of every result to part files as the {@code recon-results}
 * JSON (the Kafka contract); after the run, the latest version of each recon_id is landed once, from
 * this single process, so two subtasks never race on the stores' migrations. Rows carry the
 * results' own recon_id and version, so landing the same files twice changes no total, exactly
 * like the Kafka landing job ({@code decided_at} is the business date, from the data).
 */
final class FileResultLanding {

    static final String PART_PREFIX = "landing";

    private final ClickHouseSinkConfig clickHouse;
    private final ElasticsearchSinkConfig elasticsearch;

    private FileResultLanding(ClickHouseSinkConfig clickHouse, ElasticsearchSinkConfig elasticsearch) {
        this.clickHouse = clickHouse;
        this.elasticsearch = elasticsearch;
    }

    /** The stores the environment configures, or null when it configures none. */
    static FileResultLanding fromEnvironment(Map<String, String> env) {
        Secrets secrets = new Secrets(env);
        boolean ch = present(env.get("RECON_CLICKHOUSE_URL"));
        boolean es = present(env.get("RECON_ELASTICSEARCH_URL"));
        if (!ch && !es) {
            return null;
        }
        return new FileResultLanding(ch ? ClickHouseSinkConfig.fromEnvironment(secrets) : null,
                es ? ElasticsearchSinkConfig.fromEnvironment(secrets) : null);
    }

    /** Where the job writes the copies to land: part files of {@link ReconResultJson} lines. */
    PartFileSink<ReconResult> sink(Path parts) {
        return new PartFileSink<>(parts, PART_PREFIX, ReconResultJson::write);
    }

    /**
     * Lands the latest version of each result found in the part files, each with its payment's
     * highest fraud score from {@code fraudCsv} (the run's fraud.csv) so support staff see it in
     * Kibana; returns how many.
     */
    long land(Path parts, Path fraudCsv, PrintStream progress) throws IOException, InterruptedException {
        Map<String, String[]> fraudByPayment = new HashMap<>();
        if (Files.exists(fraudCsv)) {
            try (de.siegmar.fastcsv.reader.CsvReader<de.siegmar.fastcsv.reader.NamedCsvRecord> csv =
                    de.siegmar.fastcsv.reader.CsvReader.builder().ofNamedCsvRecord(fraudCsv,
                            java.nio.charset.StandardCharsets.UTF_8)) {
                for (de.siegmar.fastcsv.reader.NamedCsvRecord r : csv) {
                    String[] verdict = {r.getField("score"), r.getField("decision"), r.getField("rules")};
                    fraudByPayment.merge(r.getField("payment_id"), verdict,
                            (a, b) -> Integer.parseInt(a[0]) >= Integer.parseInt(b[0]) ? a : b);
                }
            }
        }
        Map<String, ReconResult> latest = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(parts, PART_PREFIX + "-*" + PartFileSink.SUFFIX)) {
            for (Path f : files) {
                PartFileSink.read(f, b -> {
                    try {
                        ReconResult r = ReconResultJson.read(b);
                        latest.merge(r.reconId(), r, (x, y) -> x.version() >= y.version() ? x : y);
                    } catch (EventRejectedException e) {
                        throw new UncheckedIOException(new IOException("a result part in " + f + " is unreadable: "
                                + e.getMessage()));
                    }
                });
            }
        }
        List<ReconResultRow> rows = new ArrayList<>(latest.size());
        for (ReconResult r : latest.values()) {
            ReconResultRow row = ReconResultRow.from(r, r.businessDate().atStartOfDay(ZoneOffset.UTC).toInstant(), null);
            String[] verdict = r.paymentId() == null ? null : fraudByPayment.get(r.paymentId());
            if (verdict != null) {
                row = row.withFraud(Integer.parseInt(verdict[0]), verdict[1],
                        verdict[2].isBlank() ? List.of() : List.of(verdict[2].split("[;, ]+")));
            }
            rows.add(row);
        }
        try (ReconResultStores stores = ReconResultStores.open(clickHouse, elasticsearch, YearMonth.now(ZoneOffset.UTC),
                rejected -> progress.printf("recon stream: Elasticsearch refused recon_id %s: %s%n", rejected.id(),
                        rejected.reason()))) {
            stores.writeAll(rows);
            stores.flush();
            progress.println("recon stream: landed " + rows.size() + " results: " + stores.describe());
        }
        return rows.size();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
