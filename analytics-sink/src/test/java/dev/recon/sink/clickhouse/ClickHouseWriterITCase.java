package dev.recon.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.query.GenericRecord;
import dev.recon.sink.SampleResults;
import dev.recon.sink.SinkWriteException;
import dev.recon.sink.row.ChannelCallbackRow;
import dev.recon.sink.row.FraudScoreRow;
import dev.recon.sink.row.PaymentEventRow;
import dev.recon.sink.row.QuarantineRow;
import dev.recon.sink.row.ReconResultRow;
import dev.recon.sink.row.SettlementRecordRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Migrations and the batch writer against the kit's real ClickHouse engine. */
class ClickHouseWriterITCase {

    private static ClickHouseTestDatabase db;

    @BeforeAll
    static void migrate() {
        db = ClickHouseTestDatabase.fresh("writer");
        assertThat(db.migrate()).containsExactly(1, 2);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void migrationsAreRecordedAndNotReapplied() {
        assertThat(db.migrate()).isEmpty();
        assertThat(db.scalar("SELECT count() FROM " + db.config.database() + ".schema_migrations FINAL")).isEqualTo(2);
        List<String> tables = db.query("SELECT name FROM system.tables WHERE database = '" + db.config.database()
                + "' ORDER BY name").stream().map(r -> r.getString("name")).toList();
        assertThat(tables).contains("recon_results", "payment_events", "channel_callbacks", "settlement_records",
                "fraud_scores", "quarantine", "recon_results_current", "daily_match_rate", "break_amounts_daily",
                "open_breaks_by_age", "fees_monthly", "fraud_decisions_by_rule", "schema_migrations");
    }

    @Test
    void aMigrationChangedAfterReleaseFailsTheStart() {
        List<ClickHouseMigrations.Migration> bundled = ClickHouseMigrations.loadBundled();
        ClickHouseMigrations.Migration first = bundled.get(0);
        List<ClickHouseMigrations.Migration> edited = new ArrayList<>(bundled);
        edited.set(0, new ClickHouseMigrations.Migration(first.version(), first.name(), "0000", first.statements()));
        assertThatThrownBy(() -> new ClickHouseMigrations(db.client, db.config.database(), edited).apply())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V1")
                .hasMessageContaining("changed after it was applied");
    }

    @Test
    void rerunningADayLeavesEveryTotalUnchanged() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 20);
        String channel = "rerun";
        List<ReconResultRow> firstRun = SampleResults.day(channel, day, 25_000, 1);
        try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                ReconResultsTable.INSTANCE)) {
            writer.writeAll(firstRun);
            writer.flush();
            assertThat(writer.rowsStored()).isEqualTo(25_000);
            assertThat(writer.batchesStored()).isEqualTo(3);
        }
        String totals = "SELECT results, matched, breaks, pending FROM " + db.config.database()
                + ".daily_match_rate WHERE channel = '" + channel + "'";
        String exposure = "SELECT toString(sum(exposure)) FROM " + db.config.database()
                + ".break_amounts_daily WHERE channel = '" + channel + "'";
        GenericRecord before = db.query(totals).get(0);
        String exposureBefore = db.query(exposure).get(0).getString(1);
        assertThat(before.getLong("results")).isEqualTo(25_000);
        assertThat(before.getLong("breaks")).isEqualTo(2_500);

        // the same day again: same recon_ids, a new version
        try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                ReconResultsTable.INSTANCE)) {
            writer.writeAll(SampleResults.day(channel, day, 25_000, 2));
        }
        GenericRecord after = db.query(totals).get(0);
        assertThat(after.getLong("results")).isEqualTo(25_000);
        assertThat(after.getLong("matched")).isEqualTo(before.getLong("matched"));
        assertThat(after.getLong("breaks")).isEqualTo(before.getLong("breaks"));
        assertThat(after.getLong("pending")).isEqualTo(before.getLong("pending"));
        assertThat(db.query(exposure).get(0).getString(1)).isEqualTo(exposureBefore);
        assertThat(db.scalar("SELECT max(version) FROM " + db.config.database() + ".recon_results_current WHERE channel = '"
                + channel + "'")).isEqualTo(2);
    }

    @Test
    void aResolvedBreakAndASupersededResultStopCounting() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 19);
        String channel = "resolve";
        List<ReconResultRow> rows = SampleResults.day(channel, day, 100, 1);
        ReconResultRow breakRow = rows.get(3);
        assertThat(breakRow.status()).isEqualTo("BREAK");
        ReconResultRow resolved = new ReconResultRow(breakRow.reconId(), 5, false, breakRow.mode(), channel, day,
                "MATCHED", "", breakRow.type(), breakRow.merchantId(), breakRow.paymentId(), breakRow.transactionId(),
                breakRow.channelRef(), breakRow.internalStatus(), "Settled", breakRow.currency(),
                breakRow.internalAmountMinor(), breakRow.internalAmountMinor(), 0L, breakRow.currency(), null, null, null,
                null, "", "", 2, "channel_ref", "late settlement resolved the break", "settlement-next.csv:9", "rules-v1",
                null, breakRow.decidedAt().plusSeconds(86_400), null, null);
        try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                ReconResultsTable.INSTANCE)) {
            writer.writeAll(rows);
            writer.flush();
            writer.write(resolved);
            writer.write(rows.get(13).supersededAt(6));
            // an older version arriving late must not win
            writer.write(new ReconResultRow(breakRow.reconId(), 4, false, breakRow.mode(), channel, day, "BREAK",
                    "AMOUNT_MISMATCH", breakRow.type(), "", "", "", "", "", "", "EUR", 1L, 2L, 1L, "EUR", null, null,
                    null, null, "", "", 1, "", "", "", "", null, breakRow.decidedAt(), null, null));
        }
        String where = " WHERE channel = '" + channel + "'";
        assertThat(db.scalar("SELECT count() FROM " + db.config.database() + ".recon_results_current" + where)).isEqualTo(99);
        assertThat(db.scalar("SELECT countIf(status = 'BREAK') FROM " + db.config.database() + ".recon_results_current"
                + where)).isEqualTo(8);
        assertThat(db.query("SELECT status FROM " + db.config.database() + ".recon_results_current WHERE recon_id = '"
                + breakRow.reconId() + "'").get(0).getString(1)).isEqualTo("MATCHED");
    }

    @Test
    void aRetriedBatchIsStoredOnce() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 18);
        List<ReconResultRow> rows = SampleResults.day("retried", day, 5_000, 1);
        // merges stopped so that only the insert deduplication can keep a second copy out
        db.client.execute("SYSTEM STOP MERGES " + db.config.database() + ".recon_results").get().close();
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                // two deliveries of byte-identical batches: what a retry after a lost answer sends
                try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                        ReconResultsTable.INSTANCE)) {
                    writer.writeAll(rows);
                }
            }
            String physical = "SELECT count() FROM " + db.config.database() + ".recon_results WHERE channel = 'retried'";
            assertThat(db.scalar(physical)).isEqualTo(5_000);

            // control: the same rows cut into other batches (a replay after a crash) are other
            // inserts; they are stored, and the versioned table still counts each result once
            try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client,
                    db.config.withBatching(2_000, 2), ReconResultsTable.INSTANCE)) {
                writer.writeAll(rows);
            }
            assertThat(db.scalar(physical)).isEqualTo(10_000);
            assertThat(db.scalar("SELECT count() FROM " + db.config.database()
                    + ".recon_results_current WHERE channel = 'retried'")).isEqualTo(5_000);
        } finally {
            db.client.execute("SYSTEM START MERGES " + db.config.database() + ".recon_results").get().close();
        }
    }

    @Test
    void moneyDatesAndDecimalsRoundTripExactly() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 17);
        ReconResultRow fx = SampleResults.withFx(SampleResults.row("exact", day, 7, 3));
        try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                ReconResultsTable.INSTANCE)) {
            writer.write(fx);
        }
        GenericRecord r = db.query("SELECT recon_id, version, currency, currency_exponent, internal_amount_minor, "
                + "toString(internal_amount) AS major, toString(fx_rate) AS fx, toString(business_date) AS d, "
                + "toString(decided_at) AS t, settlement_currency, fraud_score, break_type FROM "
                + db.config.database() + ".recon_results_current WHERE channel = 'exact'").get(0);
        assertThat(r.getString("recon_id")).isEqualTo(fx.reconId());
        assertThat(r.getLong("version")).isEqualTo(3);
        assertThat(r.getString("currency")).isEqualTo("JPY");
        assertThat(r.getInteger("currency_exponent")).isZero();
        assertThat(r.getLong("internal_amount_minor")).isEqualTo(1007);
        assertThat(r.getString("major")).isEqualTo("1007");
        assertThat(r.getString("fx")).isEqualTo("1.08345678");
        assertThat(r.getString("d")).isEqualTo("2026-11-17");
        assertThat(r.getString("t")).isEqualTo("2026-11-18 00:00:07.000");
        assertThat(r.getString("settlement_currency")).isEqualTo("USD");
        assertThat(r.getInteger("fraud_score")).isEqualTo(40);
    }

    @Test
    void openItemsAgeFromTheirExpectedSettlementDate() throws Exception {
        LocalDate today = LocalDate.parse(db.query("SELECT toString(today())").get(0).getString(1));
        ReconResultRow base = SampleResults.row("aging", today.minusDays(12), 3, 1);
        ReconResultRow withExpected = new ReconResultRow(base.reconId(), 1, false, base.mode(), base.channel(),
                base.businessDate(), base.status(), base.breakType(), base.type(), base.merchantId(), base.paymentId(),
                base.transactionId(), base.channelRef(), base.internalStatus(), base.channelStatus(), base.currency(),
                base.internalAmountMinor(), base.channelAmountMinor(), base.differenceMinor(), null, base.grossMinor(),
                base.feeMinor(), base.netMinor(), null, "", "", 0, base.rule(), base.detail(), base.source(),
                base.configVersion(), null, base.decidedAt(), today.minusDays(10), "closest: psp-aging-4 (amount differs 0.01)");
        try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                ReconResultsTable.INSTANCE)) {
            writer.write(withExpected);
        }
        GenericRecord r = db.query("SELECT age_days_now, age_bucket, near_miss FROM " + db.config.database()
                + ".recon_results_current AS c JOIN (SELECT channel, age_bucket FROM " + db.config.database()
                + ".open_breaks_by_age WHERE channel = 'aging') AS b USING channel").get(0);
        assertThat(r.getInteger("age_days_now")).isEqualTo(10);
        assertThat(r.getString("age_bucket")).isEqualTo("7+");
        assertThat(r.getString("near_miss")).startsWith("closest: psp-aging-4");
    }

    @Test
    void settlementFraudAndQuarantineRowsLandInTheirTables() throws Exception {
        LocalDate day = LocalDate.of(2026, 10, 31);
        Instant t = Instant.parse("2026-10-31T10:15:30.123Z");
        try (ClickHouseBatchWriter<SettlementRecordRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                SettlementRecordsTable.INSTANCE)) {
            writer.write(new SettlementRecordRow("k1", 1, "adyen", day, "Settled", "PAYMENT", "psp1", "", "pay-1",
                    "Shop", 1250L, "EUR", 1220L, "EUR", Map.of("COMMISSION", 20L, "SCHEME", 10L), null, day, t, null,
                    "batch-77", "order 1", "settlement.csv", 2));
            writer.write(new SettlementRecordRow("k2", 1, "adyen", day, "Settled", "PAYMENT", "psp2", "", "pay-2",
                    "Shop", 10000L, "USD", 9180L, "EUR", Map.of("COMMISSION", 50L), new BigDecimal("0.92300000"), day,
                    null, day.plusDays(2), "batch-77", "", "settlement.csv", 3));
        }
        try (ClickHouseBatchWriter<FraudScoreRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                FraudScoresTable.INSTANCE)) {
            writer.write(new FraudScoreRow("s1", 1, "e1", "pay-1", "m1", "adyen", 910, "BLOCK",
                    List.of("velocity_card", "bin_country_mismatch"), List.of("6 payments in 60 s", "BIN DE, IP BR"),
                    "rules-v3", t));
        }
        try (ClickHouseBatchWriter<QuarantineRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                QuarantineTable.INSTANCE)) {
            writer.write(new QuarantineRow("settlement.csv", 7, "FILE_ROW", "adyen", day, "Gross Debit (GC)",
                    "amount '12,5x' is not a decimal number", "7,psp9,12,5x,************1111", t));
        }
        String fees = "SELECT fee_kind, currency, toString(fees) AS fees FROM " + db.config.database()
                + ".fees_monthly WHERE channel = 'adyen' ORDER BY fee_kind";
        List<GenericRecord> feeRows = db.query(fees);
        assertThat(feeRows).extracting(r -> r.getString("fee_kind") + " " + r.getString("fees") + " " + r.getString("currency"))
                .containsExactly("COMMISSION 0.7 EUR", "SCHEME 0.1 EUR");
        assertThat(db.query("SELECT rule, decisions FROM " + db.config.database()
                + ".fraud_decisions_by_rule ORDER BY rule")).extracting(r -> r.getString("rule") + "=" + r.getLong("decisions"))
                .containsExactly("bin_country_mismatch=1", "velocity_card=1");
        assertThat(db.scalar("SELECT count() FROM " + db.config.database() + ".quarantine")).isEqualTo(1);
    }

    @Test
    void paymentEventsAndCallbacksLandAndARedeliveryCollapses() throws Exception {
        Instant t = Instant.parse("2026-11-20T08:00:00.250Z");
        PaymentEventRow event = new PaymentEventRow("ev-1", null, "pay-77", null, "m1", "acc-1", "adyen", "psp-77",
                "PAYMENT", "SUCCEEDED", 1999, "EUR", t, "cust-1", "fp-abc", "411111", "1111", "US", "dev-1",
                "10.0.0.1", "BR", "payment-events/0:41");
        ChannelCallbackRow callback = new ChannelCallbackRow("cb-1", "adyen", "psp-77", null, "pay-77", "CAPTURED",
                true, null, 1999L, "EUR", t.plusSeconds(3), "channel-callbacks/1:9");
        try (ClickHouseBatchWriter<PaymentEventRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                PaymentEventsTable.INSTANCE)) {
            writer.write(event);
            writer.flush();
            writer.write(event); // redelivered by Kafka after a restart: another batch, same event
        }
        try (ClickHouseBatchWriter<ChannelCallbackRow> writer = new ClickHouseBatchWriter<>(db.client, db.config,
                ChannelCallbacksTable.INSTANCE)) {
            writer.write(callback);
        }
        GenericRecord joined = db.query("SELECT e.payment_id AS payment_id, e.amount_minor AS amount_minor, "
                + "e.transaction_id AS transaction_id, c.status AS callback_status, toString(c.event_time) AS t FROM " + db.config.database() + ".payment_events AS e FINAL JOIN "
                + db.config.database() + ".channel_callbacks AS c FINAL ON c.payment_id = e.payment_id").get(0);
        assertThat(joined.getString("payment_id")).isEqualTo("pay-77");
        assertThat(joined.getLong("amount_minor")).isEqualTo(1999);
        assertThat(joined.getString("transaction_id")).isEqualTo("pay-77");
        assertThat(joined.getString("callback_status")).isEqualTo("CAPTURED");
        assertThat(joined.getString("t")).isEqualTo("2026-11-20 08:00:03.250");
        assertThat(db.scalar("SELECT count() FROM " + db.config.database() + ".payment_events FINAL")).isEqualTo(1);
    }

    @Test
    void aSchemaErrorFailsTheWriterAtOnceWithTheServersReason() {
        ClickHouseTable<ReconResultRow> wrongTable = new ClickHouseTable<>() {
            @Override
            public String name() {
                return "no_such_table";
            }

            @Override
            public List<String> columns() {
                return ReconResultsTable.INSTANCE.columns();
            }

            @Override
            public void encode(ReconResultRow row, RowBinaryOutput out) {
                ReconResultsTable.INSTANCE.encode(row, out);
            }
        };
        long started = System.nanoTime();
        assertThatThrownBy(() -> {
            try (ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client, db.config, wrongTable)) {
                writer.write(SampleResults.row("x", LocalDate.of(2026, 1, 1), 1, 1));
                writer.flush();
            }
        }).isInstanceOf(SinkWriteException.class).hasMessageContaining("no_such_table");
        assertThat(System.nanoTime() - started).isLessThan(30_000_000_000L);
    }
}
