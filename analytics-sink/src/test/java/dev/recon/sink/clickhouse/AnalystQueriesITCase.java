package dev.recon.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.query.GenericRecord;
import dev.recon.sink.SampleResults;
import dev.recon.sink.row.FraudScoreRow;
import dev.recon.sink.row.ReconResultRow;
import dev.recon.sink.row.SettlementRecordRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every SQL block of docs/analyst-queries.md against the real engine over a known data set
 * (dates relative to the engine's today(), so "yesterday" means yesterday) and checks the answers.
 */
class AnalystQueriesITCase {

    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

    private static ClickHouseTestDatabase db;
    private static List<String> queries;
    private static LocalDate today;
    private static final List<ReconResultRow> RESULTS = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Path doc = Path.of(System.getProperty("recon.repo.root", "..")).resolve("docs/analyst-queries.md");
        queries = new ArrayList<>();
        Matcher m = SQL_BLOCK.matcher(Files.readString(doc));
        while (m.find()) {
            queries.add(m.group(1).strip());
        }
        db = ClickHouseTestDatabase.fresh("analyst");
        db.migrate();
        today = LocalDate.parse(db.query("SELECT toString(today())").get(0).getString(1));

        RESULTS.addAll(SampleResults.day("adyen", today.minusDays(1), 1_000, 1));
        RESULTS.addAll(SampleResults.day("stripe", today.minusDays(5), 200, 1));
        ReconResultRow payment = RESULTS.get(5);
        // the streaming job's result for the same payment (its own recon_id)
        RESULTS.add(new ReconResultRow("stream-" + payment.reconId(), 1, false, "STREAM", payment.channel(),
                payment.businessDate(), "MATCHED", "", payment.type(), payment.merchantId(), payment.paymentId(),
                payment.transactionId(), payment.channelRef(), payment.internalStatus(), "CAPTURED", payment.currency(),
                payment.internalAmountMinor(), payment.internalAmountMinor(), 0L, null, null, null, null, null, "", "",
                0, "channel_ref", "callback matched", "channel-callbacks/0:17", "rules-v1", 40,
                payment.decidedAt().minusSeconds(80_000), null, null));
        RESULTS.add(new ReconResultRow("payout-po-1", 1, false, "BATCH", "adyen", today.minusDays(2), "BREAK",
                "PAYOUT_MISMATCH", "PAYOUT", "", "", "", "", "", "", "EUR", 1_000_000L, 999_000L, -1_000L, null, null,
                null, null, null, "po-1", "", 0, "payout", "bank credit 9990.00 vs batch 10000.00", "mt940.txt:12",
                "rules-v1", null, today.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), null, null));
        try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                ReconResultsTable.INSTANCE)) {
            writer.writeAll(RESULTS);
        }
        try (ClickHouseBatchWriter<SettlementRecordRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                SettlementRecordsTable.INSTANCE)) {
            writer.write(new SettlementRecordRow("f1", 1, "adyen", today.minusDays(1), "Settled", "PAYMENT", "psp1", "",
                    "pay-1", "Shop", 1250L, "EUR", 1220L, "EUR", Map.of("COMMISSION", 20L, "INTERCHANGE", 10L), null,
                    today.minusDays(1), null, null, "po-1", "", "settlement.csv", 2));
        }
        try (ClickHouseBatchWriter<FraudScoreRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                FraudScoresTable.INSTANCE)) {
            for (int i = 0; i < 5; i++) {
                writer.write(new FraudScoreRow("s" + i, 1, "e" + i, "pay-" + i, "m1", "adyen", i < 2 ? 900 : 300,
                        i < 2 ? "BLOCK" : "REVIEW", List.of("velocity_card"), List.of("burst"), "rules-v3",
                        today.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
            }
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static List<GenericRecord> run(int question) {
        return db.query(queries.get(question - 1));
    }

    @Test
    void theDocumentHasTenQuestions() {
        assertThat(queries).hasSize(10);
    }

    @Test
    void q1MatchRateYesterday() {
        List<GenericRecord> rows = run(1);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("channel")).isEqualTo("adyen");
        assertThat(rows.get(0).getLong("results")).isEqualTo(1_000);
        assertThat(rows.get(0).getLong("breaks")).isEqualTo(100);
        assertThat(rows.get(0).getLong("pending")).isEqualTo(40);
        assertThat(rows.get(0).getBigDecimal("match_rate").doubleValue()).isEqualTo(0.8958);
    }

    @Test
    void q2BigOldEuroBreaks() {
        long expected = RESULTS.stream().filter(r -> r.status().equals("BREAK") && r.currency().equals("EUR")
                && Math.abs(r.differenceMinor()) > 100_000
                && r.ageDays() + ChronoUnit.DAYS.between(r.decidedAt().atZone(ZoneOffset.UTC).toLocalDate(), today) > 3)
                .count();
        List<GenericRecord> rows = run(2);
        assertThat(expected).isPositive();
        assertThat(rows).hasSize((int) expected);
        assertThat(rows).allSatisfy(r -> assertThat(r.getBigDecimal("exposure")).isGreaterThan(java.math.BigDecimal.valueOf(1000)));
    }

    @Test
    void q3FeesPerChannelPerMonth() {
        assertThat(run(3)).extracting(r -> r.getString("channel") + " " + r.getString("fee_kind") + " "
                + r.getBigDecimal("fees").stripTrailingZeros().toPlainString() + " " + r.getString("currency"))
                .containsExactly("adyen COMMISSION 0.2 EUR", "adyen INTERCHANGE 0.1 EUR");
    }

    @Test
    void q4OpenBreaksByAge() {
        List<GenericRecord> rows = run(4);
        long breaks = rows.stream().mapToLong(r -> r.getLong("breaks")).sum();
        assertThat(breaks).isEqualTo(RESULTS.stream().filter(r -> r.status().equals("BREAK")).count());
        assertThat(rows).extracting(r -> r.getString("age_bucket")).isSubsetOf("0-1", "1-3", "3-7", "7+")
                .contains("7+");
    }

    @Test
    void q5BreakAmountsYesterday() {
        assertThat(run(5)).extracting(r -> r.getString("channel") + " " + r.getString("break_type"))
                .contains("adyen AMOUNT_MISMATCH", "adyen MISSING_IN_CHANNEL")
                .doesNotContain("stripe AMOUNT_MISMATCH");
    }

    @Test
    void q6MatchRateTrend() {
        assertThat(run(6)).extracting(r -> r.getString("business_date") + " " + r.getString("channel") + " " + r.getString("mode"))
                .contains(today.minusDays(5) + " stripe BATCH", today.minusDays(1) + " adyen BATCH",
                        today.minusDays(1) + " adyen STREAM");
    }

    @Test
    void q7PayoutBatchesNotTied() {
        List<GenericRecord> rows = run(7);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("payout_batch")).isEqualTo("po-1");
        assertThat(rows.get(0).getBigDecimal("exposure").stripTrailingZeros().toPlainString()).isEqualTo("10");
    }

    @Test
    void q8FraudDecisionsByRule() {
        assertThat(run(8)).extracting(r -> r.getString("rule") + " " + r.getString("decision") + " " + r.getLong("decisions"))
                .containsExactly("velocity_card REVIEW 3", "velocity_card BLOCK 2");
    }

    @Test
    void q9MerchantsWithMostOpenBreakMoney() {
        List<GenericRecord> rows = run(9);
        assertThat(rows).hasSizeBetween(1, 10);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).getBigDecimal("exposure")).isLessThanOrEqualTo(rows.get(i - 1).getBigDecimal("exposure"));
        }
    }

    @Test
    void q10OnePaymentAcrossStreamAndBatch() {
        String paymentId = RESULTS.get(5).paymentId();
        String sql = queries.get(9).replace("{payment_id:String}", "'" + paymentId + "'");
        assertThat(db.query(sql)).extracting(r -> r.getString("mode")).containsExactlyInAnyOrder("BATCH", "STREAM");
    }
}
