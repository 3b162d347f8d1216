package dev.recon.batch;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import dev.recon.batch.generate.SettlementScenario;
import dev.recon.batch.generate.SettlementScenario.GroundTruth;
import dev.recon.core.money.Money;
import dev.recon.sink.clickhouse.ClickHouseMigrations;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.testkit.ClickHouseService;
import dev.recon.testkit.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --internal jdbc:clickhouse:...}: the generated day's ledger landed in ClickHouse's
 * {@code payment_events} (the table analytics-sink's migrations create, in the test kit's
 * ClickHouse) and reconciled from there gives the same decisions as the same day run from the
 * CSV ledger export: same recon_ids, statuses, break types, amounts and ages. Events of other
 * days outside the date window are in the table too and must not be read.
 */
class JdbcInternalSourceITCase {

    static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    static final List<String> COMPARED = List.of("status", "break_type", "type", "merchant_id", "payment_id",
            "transaction_id", "channel_ref", "internal_status", "channel_status", "internal_amount", "channel_amount",
            "currency", "difference", "age_days", "rule");

    @TempDir
    Path tmp;

    @Test
    void paymentEventsInClickHouseReconcileLikeTheCsvExport() throws Exception {
        // given
        ClickHouseService clickHouse = TestServices.clickHouse();
        String database = "it_batch_jdbc_" + UUID.randomUUID().toString().substring(0, 8);
        try (var client = ClickHouseSinkConfig.of(clickHouse.httpUrl(), database).newClient()) {
            new ClickHouseMigrations(client, database).apply();
        }
        GroundTruth truth = new SettlementScenario(DAY, 200, 5).writeTo(tmp.resolve("in"));
        Properties props = new Properties();
        props.setProperty("user", clickHouse.user());
        props.setProperty("password", clickHouse.password());
        props.setProperty("compress", "false");
        String url = clickHouse.jdbcUrl().replaceFirst("/default$", "/" + database);
        int loaded;
        try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement()) {
            loaded = load(truth.internalCsv(), s);
            // A payment of a month earlier: outside the window, never read.
            s.execute("INSERT INTO payment_events (event_id, transaction_id, payment_id, merchant_id, channel, "
                    + "channel_ref, type, status, amount_minor, currency, currency_exponent, event_time) VALUES "
                    + "('old-e', 'old-1', 'old-1', 'm-1', 'adyen', 'X1', 'PAYMENT', 'SUCCEEDED', 100, 'EUR', 2, "
                    + "'2025-12-01 10:00:00.000')");
        }
        assertThat(loaded).isEqualTo(truth.internalRows());

        // when
        Path csvOut = tmp.resolve("out-csv");
        Path jdbcOut = tmp.resolve("out-jdbc");
        run(truth, truth.internalCsv().toString(), csvOut, "home-csv", Map.of());
        ByteArrayOutputStream err = run(truth, url, jdbcOut, "home-jdbc",
                Map.of("RECON_INTERNAL_JDBC_USER", clickHouse.user(), "RECON_INTERNAL_JDBC_PASSWORD",
                        clickHouse.password()));

        // then
        Map<String, Map<String, String>> fromCsv = byReconId(csvOut.resolve("results.csv"));
        Map<String, Map<String, String>> fromJdbc = byReconId(jdbcOut.resolve("results.csv"));
        assertThat(fromJdbc.keySet()).isEqualTo(fromCsv.keySet());
        fromCsv.forEach((id, row) -> assertThat(fromJdbc.get(id)).as("row %s", id).isEqualTo(row));
        assertThat(fromJdbc.values()).anySatisfy(r -> assertThat(r.get("status")).isEqualTo("BREAK"));
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(clickHouse.password().isEmpty() ? "\u0000"
                : clickHouse.password());
    }

    private ByteArrayOutputStream run(GroundTruth truth, String internal, Path out, String home,
            Map<String, Object> extra) throws Exception {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put("recon.batch.home", tmp.resolve(home).toString());
        settings.put("recon.config", tmp.resolve("recon.yaml").toString());
        java.nio.file.Files.writeString(tmp.resolve("recon.yaml"), SettlementScenario.FEE_SCHEDULE_YAML);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BatchReconApplication.run(new String[] {"--channel", "adyen", "--date", DAY.toString(),
            "--settlement", truth.settlementCsv().toString(), "--internal", internal, "--out", out.toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8), settings);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return err;
    }

    /** Each ledger row of the CSV export as one event in payment_events. */
    private static int load(Path internalCsv, Statement s) throws Exception {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
        StringJoiner values = new StringJoiner(",");
        int n = 0;
        try (CsvReader<NamedCsvRecord> r = CsvReader.builder().ofNamedCsvRecord(internalCsv)) {
            for (NamedCsvRecord rec : r) {
                Money amount = Money.parse(rec.getField("amount"), rec.getField("currency"));
                values.add("(" + String.join(",", q("e-" + n), q(rec.getField("transaction_id")),
                        q(rec.getField("payment_id")), q(rec.getField("parent_payment_id")), q(rec.getField("merchant_id")),
                        q(rec.getField("channel")), q(rec.getField("channel_ref")), q(rec.getField("type")),
                        q(rec.getField("status")), Long.toString(amount.minorUnits()), q(amount.currencyCode()),
                        Integer.toString(amount.currency().getDefaultFractionDigits()),
                        q(f.format(Instant.parse(rec.getField("created_at"))))) + ")");
                n++;
            }
        }
        s.execute("INSERT INTO payment_events (event_id, transaction_id, payment_id, parent_payment_id, merchant_id, "
                + "channel, channel_ref, type, status, amount_minor, currency, currency_exponent, event_time) VALUES "
                + values);
        return n;
    }

    private static String q(String s) {
        return "'" + (s == null ? "" : s.replace("\\", "\\\\").replace("'", "\\'")) + "'";
    }

    private static Map<String, Map<String, String>> byReconId(Path results) throws Exception {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map<String, String> r : ResultsCsv.read(results)) {
            Map<String, String> kept = new TreeMap<>();
            for (String c : COMPARED) {
                kept.put(c, r.get(c));
            }
            out.put(r.get("recon_id"), kept);
        }
        return out;
    }
}
