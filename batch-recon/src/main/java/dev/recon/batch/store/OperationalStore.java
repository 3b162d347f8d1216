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
import java.util.UUID;
import dev.recon.core.result.ResultStatus;
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

    // ------------------------------------------------------------------ staging (quarantine only)

    /** Forgets quarantined rows an earlier attempt of this instance recorded (staged rows live in files). */
    public void clearQuarantine(long instanceId) {
        jdbc.update("DELETE FROM recon_staged_quarantine WHERE instance_id = ?", instanceId);
    }

    /**
     * A batch insert that binds each value by its Java type. Spring's untyped binding asks the
     * driver for the parameter's SQL type on every null. Nulls are only ever text columns here.
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

    /** Ids per row of {@code recon_day_matched}: 32,768 ids of 16 bytes, half a megabyte. */
    static final int MATCHED_IDS_PER_PART = 32_768;

    /**
     * Stores the day's results (all of one channel and business date, one version) and says which
     * of them are the day's current rows (for results.csv): all but those a higher version on another
     * day has replaced. A re-run of the day first removes the day's rows of lower or equal version,
     * the same rule as ClickHouse's ReplacingMergeTree.
     *
     * <p>What is kept: every row that is not MATCHED (breaks and pending items: what the next days,
     * open items and analysts look up, few on a normal day) as a row of {@code recon_result}, and the
     * MATCHED rows only as their recon_ids, packed 16 bytes each in {@code recon_day_matched} (what
     * "decided on an earlier day" needs). A million matched payments are then 16 MB of one table
     * instead of a million B-tree rows; results.csv is written from the decisions themselves.
     *
     * @param replaceDay true for the match step (replaces the day's results), false to add a later
     *        step's rows (the payout reconciliation's), which are kept as rows whatever their status
     */
    public boolean[] storeResults(String channel, LocalDate date, long version, List<ReconResult> results,
            boolean replaceDay) {
        int[] order = new int[results.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        return storeResults(channel, date, version, results, replaceDay, order, new long[0], new long[0], new boolean[0]);
    }

    /**
     * As {@link #storeResults(String, LocalDate, long, List, boolean)} (replacing the day), with a day's
     * exact pairs given as their recon_ids' two longs ({@code pairMsb}, {@code pairLsb}: MATCHED rows
     * kept out of {@code results}); {@code order} interleaves both in recon_id order (k: the k-th
     * result, -(k+1): the k-th pair). Fills {@code pairCurrent} like the returned flags of the results.
     */
    public boolean[] storeResults(String channel, LocalDate date, long version, List<ReconResult> results, int[] order,
            long[] pairMsb, long[] pairLsb, boolean[] pairCurrent) {
        return storeResults(channel, date, version, results, true, order, pairMsb, pairLsb, pairCurrent);
    }

    private boolean[] storeResults(String channel, LocalDate date, long version, List<ReconResult> results,
            boolean replaceDay, int[] order, long[] pairMsb, long[] pairLsb, boolean[] pairCurrent) {
        Date day = Date.valueOf(date);
        if (replaceDay) {
            jdbc.update("DELETE FROM recon_result WHERE channel = ? AND business_date = ? AND version <= ?", channel, day,
                    version);
            jdbc.update("DELETE FROM recon_day_matched WHERE channel = ? AND business_date = ? AND version <= ?", channel,
                    day, version);
        }
        // The same recon_id may exist under another day (an entry exported again, an item resolved later):
        // a lower version there is replaced by this row, a higher one wins over it.
        Map<String, Long> stored = new HashMap<>();
        jdbc.query("SELECT recon_id, version FROM recon_result WHERE channel = ?", (ResultSet rs) -> {
            stored.put(rs.getString(1), rs.getLong(2));
        }, channel);
        // Matched ids of this or later days with a higher version (a day re-run after later days were reconciled).
        Map<UUID, Long> laterMatched = new HashMap<>();
        forEachMatchedPart(channel, date, null, (partDate, partVersion, ids) -> {
            if (partVersion > version) {
                for (int k = 0; k < ids.length; k += 2) {
                    laterMatched.merge(new UUID(ids[k], ids[k + 1]), partVersion, Math::max);
                }
            }
        });
        boolean[] current = new boolean[results.size()];
        List<Object[]> deletes = new ArrayList<>();
        List<ReconResult> rows = new ArrayList<>();
        long[] matched = new long[2 * order.length];
        int matchedCount = 0;
        for (int k : order) {
            if (k < 0) {
                // An exact pair: a MATCHED row, stored as its packed id alone.
                int p = -k - 1;
                Long existing = stored.isEmpty() ? null : stored.get(new UUID(pairMsb[p], pairLsb[p]).toString());
                if ((existing != null && existing > version)
                        || (!laterMatched.isEmpty() && laterMatched.containsKey(new UUID(pairMsb[p], pairLsb[p])))) {
                    continue;
                }
                pairCurrent[p] = true;
                if (existing != null) {
                    deletes.add(new Object[] {new UUID(pairMsb[p], pairLsb[p]).toString()});
                }
                matched[2 * matchedCount] = pairMsb[p];
                matched[2 * matchedCount + 1] = pairLsb[p];
                matchedCount++;
                continue;
            }
            int i = k;
            ReconResult r = results.get(i);
            // No stored rows for the channel yet (its first day, a fresh database): skip a million lookups.
            Long existing = stored.isEmpty() ? null : stored.get(r.reconId());
            if (existing != null && existing > version) {
                continue;
            }
            if (!laterMatched.isEmpty()) {
                Long later = laterMatched.get(UUID.fromString(r.reconId()));
                if (later != null) {
                    continue;
                }
            }
            current[i] = true;
            if (existing != null) {
                deletes.add(new Object[] {r.reconId()});
            }
            if (replaceDay && r.status() == ResultStatus.MATCHED) {
                UUID id = UUID.fromString(r.reconId());
                matched[2 * matchedCount] = id.getMostSignificantBits();
                matched[2 * matchedCount + 1] = id.getLeastSignificantBits();
                matchedCount++;
            } else {
                rows.add(r);
            }
        }
        if (!deletes.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM recon_result WHERE recon_id = ?", deletes);
        }
        List<Object[]> inserts = new ArrayList<>(rows.size());
        for (ReconResult r : rows) {
            inserts.add(new Object[] {r.reconId(), r.version(), r.channel(), day, r.status().name(),
                r.breakType() == null ? "" : r.breakType().name(), CsvLine.encode(displayCells(r))});
        }
        typedBatch("INSERT INTO recon_result (recon_id, version, channel, business_date, status, break_type, "
                + "csv_line) VALUES (?, ?, ?, ?, ?, ?, ?)", inserts);
        storeMatched(channel, day, version, matched, matchedCount);
        return current;
    }

    private void storeMatched(String channel, Date day, long version, long[] ids, int count) {
        List<Object[]> parts = new ArrayList<>();
        for (int from = 0, part = 0; from < count; from += MATCHED_IDS_PER_PART, part++) {
            int n = Math.min(MATCHED_IDS_PER_PART, count - from);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 * n);
            for (int k = 0; k < n; k++) {
                b.putLong(ids[2 * (from + k)]).putLong(ids[2 * (from + k) + 1]);
            }
            parts.add(new Object[] {channel, day, version, part, b.array()});
        }
        if (!parts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO recon_day_matched (channel, business_date, version, part, ids) "
                    + "VALUES (?, ?, ?, ?, ?)", parts);
        }
    }

    /** One stored part of a day's matched recon_ids: {@code ids} holds (most, least significant bits) pairs. */
    @FunctionalInterface
    public interface MatchedPart {
        void accept(LocalDate businessDate, long version, long[] ids);
    }

    /** The matched-id parts of the channel's days in {@code [from, before)} ({@code before} null: no upper bound). */
    public void forEachMatchedPart(String channel, LocalDate from, LocalDate before, MatchedPart consumer) {
        String sql = "SELECT business_date, version, ids FROM recon_day_matched WHERE channel = ? AND business_date >= ?"
                + (before == null ? "" : " AND business_date < ?");
        Object[] args = before == null ? new Object[] {channel, Date.valueOf(from)}
                : new Object[] {channel, Date.valueOf(from), Date.valueOf(before)};
        jdbc.query(sql, (ResultSet rs) -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(rs.getBytes(3));
            long[] ids = new long[b.remaining() / 8];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = b.getLong();
            }
            consumer.accept(rs.getDate(1).toLocalDate(), rs.getLong(2), ids);
        }, args);
    }

    /** The results.csv line of a result: CSV-encoded, text neutralised for spreadsheets. */
    public static String resultLine(CsvLine.Encoder encoder, ReconResult r) {
        return encoder.encode(displayCells(r));
    }

    private static List<String> displayCells(ReconResult r) {
        List<String> raw = r.csvValues();
        List<String> safe = new ArrayList<>(raw.size());
        for (String c : raw) {
            safe.add(SpreadsheetText.neutralise(c));
        }
        return safe;
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
