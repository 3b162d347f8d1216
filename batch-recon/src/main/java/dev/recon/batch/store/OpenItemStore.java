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

    private final JdbcTemplate jdbc;
    /** Where the days' matched recon_ids are kept. */
    private final OperationalStore matched;

    public OpenItemStore(DataSource dataSource, OperationalStore matched) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.matched = matched;
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

    /**
     * Which of {@code candidates} (recon_ids of today's ledger entries) were decided for good on a
     * business date in {@code [from, before)}: their current row (the highest version of any day from
     * {@code from} on) is MATCHED, or a break that is not waiting for the other side. An entry
     * exported again later is then not reconciled again. Matched rows are looked up in the days'
     * packed id lists ({@link OperationalStore#storeResults}), other rows in {@code recon_result}.
     * Returns at once, without asking for the candidates, when nothing was stored in the range.
     */
    public Set<String> decidedAmong(String channel, LocalDate from, LocalDate before,
            java.util.function.Supplier<java.util.Collection<String>> candidates) {
        Long stored = jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM recon_result WHERE channel = ? AND business_date >= ? "
                + "AND business_date < ?) + (SELECT COUNT(*) FROM recon_day_matched WHERE channel = ? AND business_date >= ? "
                + "AND business_date < ?)", Long.class, channel, Date.valueOf(from), Date.valueOf(before), channel,
                Date.valueOf(from), Date.valueOf(before));
        if (stored == null || stored == 0) {
            return Set.of();
        }
        Map<java.util.UUID, String> wanted = new java.util.HashMap<>();
        for (String id : candidates.get()) {
            wanted.put(java.util.UUID.fromString(id), id);
        }
        // Per wanted id: {version, decided (1/0), within [from, before) (1/0)} of its highest version seen.
        Map<java.util.UUID, long[]> latest = new java.util.HashMap<>();
        jdbc.query("SELECT recon_id, version, business_date, status, break_type FROM recon_result WHERE channel = ? "
                + "AND business_date >= ?", (ResultSet rs) -> {
                    java.util.UUID id = java.util.UUID.fromString(rs.getString(1));
                    if (wanted.containsKey(id)) {
                        String bt = rs.getString(5);
                        boolean decided = !"PENDING".equals(rs.getString(4)) && !"MISSING_IN_CHANNEL".equals(bt)
                                && !"MISSING_INTERNAL".equals(bt);
                        seen(latest, id, rs.getLong(2), decided, rs.getDate(3).toLocalDate().isBefore(before));
                    }
                }, channel, Date.valueOf(from));
        matched.forEachMatchedPart(channel, from, null, (day, version, ids) -> {
            boolean inRange = day.isBefore(before);
            for (int k = 0; k < ids.length; k += 2) {
                java.util.UUID id = new java.util.UUID(ids[k], ids[k + 1]);
                if (wanted.containsKey(id)) {
                    seen(latest, id, version, true, inRange);
                }
            }
        });
        Set<String> out = new HashSet<>();
        latest.forEach((id, v) -> {
            if (v[1] == 1 && v[2] == 1) {
                out.add(wanted.get(id));
            }
        });
        return out;
    }

    private static void seen(Map<java.util.UUID, long[]> latest, java.util.UUID id, long version, boolean decided,
            boolean inRange) {
        long[] before = latest.get(id);
        if (before == null || version > before[0]) {
            latest.put(id, new long[] {version, decided ? 1 : 0, inRange ? 1 : 0});
        }
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
