package dev.recon.batch.store;

import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Open items carried from one business day to the next ({@code recon_open_item}) and the
 * business-date window over the staged ledger rows. A day's open items are the ledger entries
 * left PENDING or MISSING_IN_CHANNEL and the settlement lines left MISSING_INTERNAL or PENDING;
 * the next day's match takes them as input again, so a late settlement resolves them under the
 * same recon_id (a new version) instead of leaving a pair of breaks.
 *
 * <p>Items are stored per {@code as_of_date}: a day reads the open items of the latest reconciled
 * day before it and writes its own, so re-running a day reads the same state and gives the same
 * results. Plain JDBC valid for H2 and PostgreSQL.
 */
public final class OpenItemStore {

    public static final String INTERNAL = "INTERNAL";
    public static final String SETTLEMENT = "SETTLEMENT";
    public static final String EXCLUDED_WINDOW = "WINDOW";
    public static final String EXCLUDED_DECIDED = "DECIDED";

    private final JdbcTemplate jdbc;
    /** The embedded H2, whose large reads run lazily ({@link StreamedQuery}). */
    private final boolean embedded;

    public OpenItemStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.embedded = OperationalStore.isH2(dataSource);
    }

    /** The latest business date before {@code date} reconciled for the channel, if any. */
    public Optional<LocalDate> previousDay(String channel, LocalDate date) {
        Date d = jdbc.queryForObject("SELECT MAX(business_date) FROM recon_day WHERE channel = ? AND business_date < ?",
                Date.class, channel, Date.valueOf(date));
        return Optional.ofNullable(d).map(Date::toLocalDate);
    }

    /** Ledger entries left open by the day {@code asOf}, in key order. */
    public List<LedgerEntry> openEntries(String channel, LocalDate asOf) {
        return jdbc.query("SELECT transaction_id, payment_id, parent_payment_id, merchant_id, merchant_account, "
                + "channel_ref, parent_channel_ref, tx_type, tx_status, amount_minor, currency, created_at, booked_at, "
                + "source_file, source_line FROM recon_open_item WHERE channel = ? AND as_of_date = ? AND side = ? "
                + "ORDER BY item_key", (rs, i) -> entry(channel, rs), channel, Date.valueOf(asOf), INTERNAL);
    }

    /** Settlement lines (canonical CSV, provenance included) left open by the day {@code asOf}, in key order. */
    public List<String> openSettlementLines(String channel, LocalDate asOf) {
        return jdbc.queryForList("SELECT canonical_line FROM recon_open_item WHERE channel = ? AND as_of_date = ? "
                + "AND side = ? ORDER BY item_key", String.class, channel, Date.valueOf(asOf), SETTLEMENT);
    }

    /** An open settlement line: its channel reference and the line as canonical CSV. */
    public record OpenLine(String channelRef, String canonicalLine) {
    }

    /** Natural key to channel reference of the settlement lines left open by the day {@code asOf}. */
    public Map<String, String> openSettlementKeys(String channel, LocalDate asOf) {
        Map<String, String> out = new TreeMap<>();
        jdbc.query("SELECT item_key, channel_ref FROM recon_open_item WHERE channel = ? AND as_of_date = ? AND side = ?",
                (ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getString(2));
                }, channel, Date.valueOf(asOf), SETTLEMENT);
        return out;
    }

    /** Replaces the open items of day {@code date}: entries by transaction id, lines by natural key. */
    public void replaceOpenItems(String channel, LocalDate date, List<LedgerEntry> entries, Map<String, OpenLine> linesByKey) {
        jdbc.update("DELETE FROM recon_open_item WHERE channel = ? AND as_of_date = ?", channel, Date.valueOf(date));
        List<Object[]> rows = new ArrayList<>(entries.size() + linesByKey.size());
        Set<String> seen = new HashSet<>();
        for (LedgerEntry e : entries) {
            if (!seen.add(e.transactionId())) {
                continue;
            }
            rows.add(new Object[] {channel, Date.valueOf(date), INTERNAL, e.transactionId(), e.transactionId(),
                e.paymentId(), e.parentPaymentId(), e.merchantId(), e.merchantAccount(), e.channelRef(),
                e.parentChannelRef(), e.type().name(), e.status().name(), e.amount().minorUnits(),
                e.amount().currencyCode(), e.createdAt().toString(), e.bookedAt() == null ? null : e.bookedAt().toString(),
                e.source() == null ? null : e.source().origin(), e.source() == null ? 0L : e.source().line(), null});
        }
        linesByKey.forEach((key, line) -> rows.add(new Object[] {channel, Date.valueOf(date), SETTLEMENT, key, null,
            null, null, null, null, line.channelRef(), null, null, null, null, null, null, null, null, null,
            line.canonicalLine()}));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO recon_open_item (channel, as_of_date, side, item_key, transaction_id, payment_id, "
                    + "parent_payment_id, merchant_id, merchant_account, channel_ref, parent_channel_ref, tx_type, "
                    + "tx_status, amount_minor, currency, created_at, booked_at, source_file, source_line, canonical_line) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        }
    }

    /** Removes the carried-in rows (negative positions) a previous attempt of this instance staged. */
    public void clearCarriedIn(long instanceId) {
        jdbc.update("DELETE FROM recon_staged_internal WHERE instance_id = ? AND seq < 0", instanceId);
        jdbc.update("DELETE FROM recon_staged_settlement WHERE instance_id = ? AND seq < 0", instanceId);
    }

    /** One staged in-scope ledger row: its position, transaction id and creation time. */
    public record StagedRef(long seq, String transactionId, Instant createdAt) {
    }

    /** The staged in-scope ledger rows read from today's source (not the carried ones). */
    public List<StagedRef> stagedInScope(long instanceId) {
        List<StagedRef> out = new ArrayList<>();
        StreamedQuery.forEachRow(jdbc, embedded, "SELECT seq, transaction_id, created_at FROM recon_staged_internal "
                + "WHERE instance_id = ? AND in_scope = TRUE AND seq >= 0", (ResultSet rs) -> {
                    out.add(new StagedRef(rs.getLong(1), rs.getString(2), StoredInstant.parse(rs.getString(3))));
                }, instanceId);
        return out;
    }

    /**
     * Takes rows out of the day's match (counted by reason, not reconciled). Idempotent: a restart
     * marks the same rows again.
     */
    public void exclude(long instanceId, Map<Long, String> reasonBySeq) {
        List<Object[]> args = new ArrayList<>(reasonBySeq.size());
        reasonBySeq.forEach((seq, reason) -> args.add(new Object[] {reason, instanceId, seq}));
        if (!args.isEmpty()) {
            jdbc.batchUpdate("UPDATE recon_staged_internal SET in_scope = FALSE, excluded = ? WHERE instance_id = ? "
                    + "AND seq = ?", args);
        }
    }

    /** Count of excluded staged ledger rows per reason. */
    public Map<String, Long> excludedCounts(long instanceId) {
        Map<String, Long> out = new TreeMap<>();
        jdbc.query("SELECT excluded, COUNT(*) FROM recon_staged_internal WHERE instance_id = ? AND excluded IS NOT NULL "
                + "GROUP BY excluded", (ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getLong(2));
                }, instanceId);
        return out;
    }

    /**
     * recon_ids decided for good (MATCHED, or a break that is not waiting for the other side) on a
     * business date in {@code [from, before)}: an entry exported again later is not re-reconciled.
     */
    public Set<String> decidedBetween(String channel, LocalDate from, LocalDate before) {
        Set<String> out = new HashSet<>();
        jdbc.query("SELECT recon_id FROM recon_result WHERE channel = ? AND business_date >= ? AND business_date < ? "
                + "AND status <> 'PENDING' AND (break_type IS NULL OR break_type NOT IN "
                + "('MISSING_IN_CHANNEL', 'MISSING_INTERNAL'))", (ResultSet rs) -> {
                    out.add(rs.getString(1));
                }, channel, Date.valueOf(from), Date.valueOf(before));
        return out;
    }

    private static LedgerEntry entry(String channel, ResultSet rs) throws SQLException {
        String booked = rs.getString(13);
        return new LedgerEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                channel, rs.getString(6), rs.getString(7), TransactionType.valueOf(rs.getString(8)),
                TransactionStatus.valueOf(rs.getString(9)), Money.ofMinor(rs.getLong(10), rs.getString(11)),
                Instant.parse(rs.getString(12)), booked == null ? null : Instant.parse(booked),
                SourceLocation.ofFile(rs.getString(14), rs.getLong(15)));
    }
}
