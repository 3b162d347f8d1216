package dev.recon.sink.bench;

import com.clickhouse.client.api.Client;
import dev.recon.sink.SampleResults;
import dev.recon.sink.clickhouse.ClickHouseBatchWriter;
import dev.recon.sink.clickhouse.ClickHouseMigrations;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.clickhouse.ReconResultsTable;
import dev.recon.sink.row.ReconResultRow;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Proof that a writer change stores the same rows: writes a fixed set of {@code recon_results} rows
 * (ASCII and non-ASCII channels, FX and non-FX rows, nulls in every Nullable column) through
 * {@link ClickHouseBatchWriter} into DATABASE, then prints the count, a hash of every column of every
 * row ({@code groupBitXor} and {@code sum} of {@code cityHash64(formatRow('TabSeparated', *))}), the
 * amount sums and the distinct ids. Run it once with the former classes first on the class path and
 * once with the new ones, into two databases, and compare the printed lines. A command, not a test:
 * <pre>java -cp ... dev.recon.sink.bench.StoredRowsDigest CH_URL NEW_DATABASE [ROWS]</pre>
 */
public final class StoredRowsDigest {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String database = args[1];
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 600_000;
        ClickHouseSinkConfig ch = ClickHouseSinkConfig.of(url, database).withBatching(100_000, 4);
        try (Client client = ch.newClient()) {
            new ClickHouseMigrations(client, ch.database()).apply();
            try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(client, ch, ReconResultsTable.INSTANCE)) {
                for (int i = 0; i < rows; i++) {
                    String channel = i % 5 == 0 ? "stripe-é€ł😀" : "adyen";
                    ReconResultRow row = SampleResults.row(channel, LocalDate.of(2026, 11, 1 + i % 28), i, 1 + i % 3);
                    writer.write(i % 2 == 0 ? SampleResults.withFx(row) : row);
                }
                writer.flush();
            }
            String query = "SELECT count(), groupBitXor(h), sum(h), sum(internal_amount_minor), sum(channel_amount_minor), "
                    + "sum(fee_minor), sum(toDecimal128(fx_rate, 8)), uniqExact(recon_id), countIf(channel_amount_minor IS NULL) "
                    + "FROM (SELECT cityHash64(formatRow('TabSeparated', *)) AS h, * FROM " + database + ".recon_results) FORMAT TabSeparated";
            try (var response = client.query(query).get()) {
                System.out.println(new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        }
    }
}
