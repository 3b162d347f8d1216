package dev.recon.batch.store;

import dev.recon.batch.job.StagedInternalRow;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.result.ReconResult;
import dev.recon.core.security.SpreadsheetText;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.parsers.QuarantinedRow;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * batch-recon's tables in the operational database (see {@code schema-recon.sql}): files seen,
 * staging per job instance, the latest version of every result, and each day's summary. Plain
 * JDBC through {@link JdbcTemplate}, SQL valid for H2 and PostgreSQL.
 *
 * <p>Replacement rule for results, the same as ClickHouse's ReplacingMergeTree: a row is kept
 * unless a row with the same recon_id and a version at least as high arrives; a re-run of a day
 * first removes that day's rows of lower or equal version, so results that disappeared from a
 * corrected file do not linger.
 */
public final class OperationalStore {

    /** Which input a quarantined row came from. */
    public enum Side { SETTLEMENT, INTERNAL, CALLBACKS }

    private final JdbcTemplate jdbc;
    /** H2 in the batch home (one run at a time, by the lock file), as opposed to a shared PostgreSQL. */
    private final boolean embedded;

    public OperationalStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.embedded = isH2(dataSource);
        if (embedded) {
            jdbc.execute("SET CACHE_SIZE " + h2CacheKb(Runtime.getRuntime().maxMemory()));
        }
    }

    /**
     * H2's page cache for this run: a sixteenth of the heap, between 16 MB (H2's default here) and
     * 256 MB. With the default a day of a million rows no longer fits, and every read back of the
     * staged rows and of the results re-read and decoded its pages from the file.
     */
    static long h2CacheKb(long maxHeapBytes) {
        return Math.max(16L * 1024, Math.min(256L * 1024, maxHeapBytes / 16 / 1024));
    }

    /** An in-process H2 (file or memory), not an H2 server that other processes may share. */
    static boolean isH2(DataSource dataSource) {
        try (java.sql.Connection c = dataSource.getConnection()) {
            String url = String.valueOf(c.getMetaData().getURL()).toLowerCase(java.util.Locale.ROOT);
            return "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName())
                    && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")
                    && !url.contains("auto_server=true");
        } catch (SQLException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ files and versions

    /** Other days (or channels) this file checksum was already reconciled for, as "channel date (file)". */
    public List<String> earlierUses(String checksum, String channel, LocalDate date) {
        return jdbc.query("SELECT channel, business_date, file_name FROM recon_file WHERE checksum = ? "
                + "AND NOT (channel = ? AND business_date = ?) ORDER BY business_date, channel",
                (rs, i) -> rs.getString(1) + " " + rs.getDate(2).toLocalDate() + " (" + rs.getString(3) + ")",
                checksum, channel, Date.valueOf(date));
    }

    public void rememberFile(String checksum, String channel, LocalDate date, String fileName) {
        int n = jdbc.update("UPDATE recon_file SET file_name = ? WHERE checksum = ? AND channel = ? AND business_date = ?",
                fileName, checksum, channel, Date.valueOf(date));
        if (n == 0) {
            jdbc.update("INSERT INTO recon_file (checksum, channel, business_date, file_name) VALUES (?, ?, ?, ?)",
                    checksum, channel, Date.valueOf(date), fileName);
        }
    }

    /**
     * The ordinal of this set of inputs among those reconciled for the day: 1 for the first, the
     * same again for a re-run of the same inputs, the next for a corrected file.
     */
    public int inputOrdinal(String channel, LocalDate date, String inputsChecksum) {
        List<Integer> known = jdbc.queryForList("SELECT ordinal FROM recon_day_input WHERE channel = ? "
                + "AND business_date = ? AND inputs_checksum = ?", Integer.class, channel, Date.valueOf(date),
                inputsChecksum);
        if (!known.isEmpty()) {
            return known.get(0);
        }
        Integer max = jdbc.queryForObject("SELECT MAX(ordinal) FROM recon_day_input WHERE channel = ? "
                + "AND business_date = ?", Integer.class, channel, Date.valueOf(date));
        int next = max == null ? 1 : max + 1;
        jdbc.update("INSERT INTO recon_day_input (channel, business_date, inputs_checksum, ordinal) VALUES (?, ?, ?, ?)",
                channel, Date.valueOf(date), inputsChecksum, next);
        return next;
    }

    // ------------------------------------------------------------------ staging

    public void clearStaging(long instanceId) {
        for (String table : List.of("recon_staged_settlement", "recon_staged_internal")) {
            if (embedded && noOtherInstance(table, instanceId)) {
                // Deleting a million staged rows one by one takes longer than staging them; with no other
                // run's rows to keep, emptying the table is instant. Only on the embedded database: the run
                // lock file guarantees no other run writes to it, which nothing guarantees on a shared server.
                jdbc.execute("TRUNCATE TABLE " + table);
            } else {
                jdbc.update("DELETE FROM " + table + " WHERE instance_id = ?", instanceId);
            }
        }
        jdbc.update("DELETE FROM recon_staged_quarantine WHERE instance_id = ?", instanceId);
    }

    /** Two index seeks on the primary key's leading column, never a scan of this run's rows. */
    private boolean noOtherInstance(String table, long instanceId) {
        return jdbc.queryForList("SELECT instance_id FROM " + table + " WHERE instance_id < ? FETCH FIRST 1 ROWS ONLY",
                Long.class, instanceId).isEmpty()
                && jdbc.queryForList("SELECT instance_id FROM " + table + " WHERE instance_id > ? FETCH FIRST 1 ROWS ONLY",
                        Long.class, instanceId).isEmpty();
    }

    /** Rows are keyed by their position, so a chunk written again after a restart replaces itself. */
    public void stageSettlement(long instanceId, List<Long> seqs, List<String> lines) {
        List<Object[]> args = new ArrayList<>(seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            args.add(new Object[] {instanceId, seqs.get(i), lines.get(i)});
        }
        deleteRange("recon_staged_settlement", instanceId, seqs);
        typedBatch("INSERT INTO recon_staged_settlement (instance_id, seq, canonical_line) VALUES (?, ?, ?)", args);
    }

    /**
     * A batch insert that binds each value by its Java type. Spring's untyped binding asks the
     * driver for the parameter's SQL type on every null, which costs more than the insert itself
     * when most optional ledger columns are empty. Nulls are only ever text columns here.
     */
    private void typedBatch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(sql, rows, rows.size(), (ps, row) -> {
            for (int i = 0; i < row.length; i++) {
                Object v = row[i];
                if (v == null) {
                    ps.setNull(i + 1, java.sql.Types.VARCHAR);
                } else if (v instanceof String str) {
                    ps.setString(i + 1, str);
                } else if (v instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else if (v instanceof Boolean bool) {
                    ps.setBoolean(i + 1, bool);
                } else {
                    ps.setObject(i + 1, v);
                }
            }
        });
    }

    public void stageQuarantine(long instanceId, Side side, List<Long> seqs, List<QuarantinedRow> rows) {
        if (seqs.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            QuarantinedRow q = rows.get(i);
            args.add(new Object[] {instanceId, side.name(), seqs.get(i), q.file(), q.line(), q.field(), cut(q.reason(), 4000),
                q.rawLine() == null ? null : cut(q.rawLine(), 60000)});
        }
        jdbc.batchUpdate("DELETE FROM recon_staged_quarantine WHERE instance_id = ? AND side = ? AND seq = ?",
                args.stream().map(a -> new Object[] {a[0], a[1], a[2]}).toList());
        jdbc.batchUpdate("INSERT INTO recon_staged_quarantine (instance_id, side, seq, file_name, line, field, reason, "
                + "raw_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", args);
    }

    public void stageInternal(long instanceId, List<StagedInternalRow> rows) {
        List<Object[]> args = new ArrayList<>(rows.size());
        List<Long> seqs = new ArrayList<>(rows.size());
        for (StagedInternalRow r : rows) {
            LedgerEntry e = r.entry();
            seqs.add(r.seq());
            args.add(new Object[] {instanceId, r.seq(), r.inScope(), e.transactionId(), e.paymentId(),
                e.parentPaymentId(), e.merchantId(), e.merchantAccount(), e.channel(), e.channelRef(),
                e.parentChannelRef(), e.type().name(), e.status().name(), e.amount().minorUnits(),
                e.amount().currencyCode(), e.createdAt().toString(), e.bookedAt() == null ? null : e.bookedAt().toString(),
                e.source().origin(), e.source().line()});
        }
        if (args.isEmpty()) {
            return;
        }
        deleteRange("recon_staged_internal", instanceId, seqs);
        typedBatch("INSERT INTO recon_staged_internal (instance_id, seq, in_scope, transaction_id, payment_id, "
                + "parent_payment_id, merchant_id, merchant_account, channel, channel_ref, parent_channel_ref, tx_type, "
                + "tx_status, amount_minor, currency, created_at, booked_at, source_file, source_line) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args);
    }

    private void deleteRange(String table, long instanceId, List<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        long min = seqs.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = seqs.stream().mapToLong(Long::longValue).max().orElseThrow();
        jdbc.update("DELETE FROM " + table + " WHERE instance_id = ? AND seq BETWEEN ? AND ?", instanceId, min, max);
    }

    static final String STAGED_SETTLEMENT_LINES =
            "SELECT canonical_line FROM recon_staged_settlement WHERE instance_id = ? ORDER BY instance_id, seq";
    static final String STAGED_LEDGER = "SELECT in_scope, transaction_id, payment_id, parent_payment_id, merchant_id, "
            + "merchant_account, channel, channel_ref, parent_channel_ref, tx_type, tx_status, amount_minor, currency, "
            + "created_at, booked_at, source_file, source_line FROM recon_staged_internal WHERE instance_id = ? "
            + "ORDER BY instance_id, seq";
    static final String RESULT_LINES = "SELECT csv_line FROM recon_result WHERE channel = ? AND business_date = ? "
            + "ORDER BY channel, business_date, recon_id";

    /**
     * Staged settlement records as canonical CSV lines, in input order. The ORDER BY names the whole
     * primary key although instance_id is fixed: H2 only reads rows in index order (no sort) when the
     * ORDER BY matches the index's columns; with {@code ORDER BY seq} it sorted the whole day, spilling
     * to temporary files beyond its in-memory row limit. The same for the ledger and the results below.
     */
    public void forEachStagedSettlementLine(long instanceId, Consumer<String> consumer) {
        StreamedQuery.forEachRow(jdbc, embedded, STAGED_SETTLEMENT_LINES,
                (ResultSet rs) -> {
                    consumer.accept(rs.getString(1));
                }, instanceId);
    }

    /** In-scope ledger entries and the count of rows of other channels. */
    public StagedLedger stagedLedger(long instanceId) {
        List<LedgerEntry> entries = new ArrayList<>();
        long[] outOfScope = {0};
        StreamedQuery.forEachRow(jdbc, embedded, STAGED_LEDGER,
                (ResultSet rs) -> {
                    if (!rs.getBoolean(1)) {
                        outOfScope[0]++;
                        return;
                    }
                    entries.add(ledgerEntry(rs));
                }, instanceId);
        return new StagedLedger(entries, outOfScope[0]);
    }

    private static LedgerEntry ledgerEntry(ResultSet rs) throws SQLException {
        String booked = rs.getString(15);
        return new LedgerEntry(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), TransactionType.valueOf(rs.getString(10)),
                TransactionStatus.valueOf(rs.getString(11)), Money.ofMinor(rs.getLong(12), rs.getString(13)),
                StoredInstant.parse(rs.getString(14)), booked == null ? null : StoredInstant.parse(booked),
                SourceLocation.ofFile(rs.getString(16), rs.getLong(17)));
    }

    /** In-scope ledger entries plus the number of rows that belong to other channels. */
    public record StagedLedger(List<LedgerEntry> entries, long otherChannelRows) {
    }

    public long quarantinedCount(long instanceId, Side side) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM recon_staged_quarantine WHERE instance_id = ? AND side = ?",
                Long.class, instanceId, side.name());
        return n == null ? 0 : n;
    }

    /** Quarantined rows of every input, settlement first, each in file order. */
    public List<QuarantinedRow> quarantined(long instanceId) {
        return jdbc.query("SELECT file_name, line, field, reason, raw_line FROM recon_staged_quarantine "
                + "WHERE instance_id = ? ORDER BY CASE side WHEN 'SETTLEMENT' THEN 0 WHEN 'CALLBACKS' THEN 1 ELSE 2 END, seq",
                (rs, i) -> new QuarantinedRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), instanceId);
    }

    // ------------------------------------------------------------------ results and days

    /**
     * Replaces the day's results with these (all of one channel and business date, one version).
     * Stored per row: the results.csv line as people will open it (text neutralised for
     * spreadsheets), so publishing is a plain copy.
     */
    public void replaceResults(String channel, LocalDate date, long version, List<ReconResult> results) {
        jdbc.update("DELETE FROM recon_result WHERE channel = ? AND business_date = ? AND version <= ?", channel,
                Date.valueOf(date), version);
        addResults(channel, date, version, results);
    }

    /**
     * Adds results to the day's (after {@link #replaceResults}: a later step's rows, such as the
     * payout reconciliation's), with the same rule for a recon_id that exists under another day.
     */
    public void addResults(String channel, LocalDate date, long version, List<ReconResult> results) {
        // The same recon_id may exist under another day (an entry exported again, an item resolved later):
        // a lower version there is replaced by this row, a higher one wins over it.
        Map<String, Long> otherDays = new HashMap<>();
        jdbc.query("SELECT recon_id, version FROM recon_result WHERE channel = ?", (ResultSet rs) -> {
            otherDays.put(rs.getString(1), rs.getLong(2));
        }, channel);
        // The CSV lines are most of the step's CPU outside the engine: encoded on every core, one encoder per thread.
        String[] lines = new String[results.size()];
        ThreadLocal<CsvLine.Encoder> encoders = ThreadLocal.withInitial(CsvLine.Encoder::new);
        java.util.stream.IntStream.range(0, lines.length).parallel()
                .forEach(i -> lines[i] = encoders.get().encode(displayCells(results.get(i))));
        Date day = Date.valueOf(date);
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>(results.size());
        for (int i = 0; i < lines.length; i++) {
            ReconResult r = results.get(i);
            Long existing = otherDays.get(r.reconId());
            if (existing != null && existing > version) {
                continue;
            }
            if (existing != null) {
                deletes.add(new Object[] {r.reconId()});
            }
            inserts.add(new Object[] {r.reconId(), r.version(), r.channel(), day, r.status().name(),
                r.breakType() == null ? "" : r.breakType().name(), lines[i]});
        }
        if (!deletes.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM recon_result WHERE recon_id = ?", deletes);
        }
        jdbc.batchUpdate("INSERT INTO recon_result (recon_id, version, channel, business_date, status, break_type, "
                + "csv_line) VALUES (?, ?, ?, ?, ?, ?, ?)", inserts, 5_000, (ps, a) -> {
                    ps.setString(1, (String) a[0]);
                    ps.setLong(2, (Long) a[1]);
                    ps.setString(3, (String) a[2]);
                    ps.setDate(4, (Date) a[3]);
                    ps.setString(5, (String) a[4]);
                    ps.setString(6, (String) a[5]);
                    ps.setString(7, (String) a[6]);
                });
    }

    private static List<String> displayCells(ReconResult r) {
        List<String> raw = r.csvValues();
        List<String> safe = new ArrayList<>(raw.size());
        for (String c : raw) {
            safe.add(SpreadsheetText.neutralise(c));
        }
        return safe;
    }

    /**
     * The day's results.csv lines (neutralised for spreadsheets, without line feed), ordered by recon_id:
     * read in the order of the index (channel, business_date, recon_id), not sorted by the database.
     */
    public void forEachResultLine(String channel, LocalDate date, Consumer<String> consumer) {
        StreamedQuery.forEachRow(jdbc, embedded, RESULT_LINES,
                (ResultSet rs) -> {
                    consumer.accept(rs.getString(1));
                }, channel, Date.valueOf(date));
    }

    public void saveDay(String channel, LocalDate date, long version, boolean closed, String summaryJson) {
        jdbc.update("DELETE FROM recon_day WHERE channel = ? AND business_date = ?", channel, Date.valueOf(date));
        jdbc.update("INSERT INTO recon_day (channel, business_date, version, closed, summary_json) VALUES (?, ?, ?, ?, ?)",
                channel, Date.valueOf(date), version, closed, summaryJson);
    }

    public String daySummaryJson(String channel, LocalDate date) {
        List<String> s = jdbc.queryForList("SELECT summary_json FROM recon_day WHERE channel = ? AND business_date = ?",
                String.class, channel, Date.valueOf(date));
        return s.isEmpty() ? null : s.get(0);
    }

    public boolean dayClosed(String channel, LocalDate date) {
        List<Boolean> s = jdbc.queryForList("SELECT closed FROM recon_day WHERE channel = ? AND business_date = ?",
                Boolean.class, channel, Date.valueOf(date));
        return !s.isEmpty() && s.get(0);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
