package dev.recon.batch.job;

import dev.recon.batch.ReconInputException;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.parsers.QuarantinedRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Properties;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Our transactions for the business-date window from a JDBC source ({@code --internal jdbc:...}):
 * <ul>
 * <li>ClickHouse ({@code jdbc:clickhouse:...}): the {@code payment_events} table the stream lands
 *     through analytics-sink. An event log, so one ledger entry per {@code transaction_id}: the
 *     latest event's status, type and amount, created at the first event's time.</li>
 * <li>Any other JDBC ledger database: a table or view (default {@code ledger_transactions},
 *     {@code RECON_INTERNAL_JDBC_TABLE}) with the canonical internal CSV's columns, amounts as
 *     decimals in major units and times as timestamps.</li>
 * </ul>
 * Only the channel's rows whose creation time lies within the window (the channel's
 * {@code date_window_days} around the business date, plus a day on each side for time zones) are
 * read; the match step ({@link StagedDay}) then applies the exact per-zone, per-cut-off window. Rows come
 * ordered by transaction id, so a restart skips the rows already staged (item count saved per chunk).
 * Credentials come from the environment or a file ({@code RECON_INTERNAL_JDBC_USER},
 * {@code RECON_INTERNAL_JDBC_PASSWORD} or {@code RECON_INTERNAL_JDBC_PASSWORD_FILE}), never from the URL.
 * A row that cannot be read (unknown type or status, bad currency) goes to quarantine with its
 * transaction id.
 */
public class JdbcInternalTransactionsReader extends AbstractItemCountingItemStreamItemReader<StagedInternalRow> {

    private final String url;
    private final String channel;
    private final LocalDate date;
    private final int windowDays;
    private final Properties credentials;
    private final String table;
    private Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;

    public JdbcInternalTransactionsReader(String url, String channel, LocalDate date, int windowDays,
            Properties credentials, String table) {
        this.url = url;
        this.channel = channel;
        this.date = date;
        this.windowDays = windowDays;
        this.credentials = credentials;
        this.table = table == null || table.isBlank() ? "ledger_transactions" : table;
        if (!this.table.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new ReconInputException("RECON_INTERNAL_JDBC_TABLE " + table + ": not a table name");
        }
        setName("internalTransactionsJdbc");
    }

    /** The URL without anything that looks like a credential, for messages. */
    public static String safeUrl(String url) {
        return url.replaceAll("(?i)(password|pwd|secret|token)=[^;&]*", "$1=***");
    }

    static boolean isClickHouse(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:clickhouse:") || url.toLowerCase(Locale.ROOT).startsWith("jdbc:ch:");
    }

    @Override
    protected void doOpen() throws Exception {
        long from = date.minusDays(windowDays + 1L).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = date.plusDays(windowDays + 2L).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String sql = isClickHouse(url)
                ? "SELECT transaction_id, argMax(payment_id, event_time) AS payment_id, "
                        + "argMax(parent_payment_id, event_time) AS parent_payment_id, "
                        + "argMax(merchant_id, event_time) AS merchant_id, argMax(channel_ref, event_time) AS channel_ref, "
                        + "argMax(type, event_time) AS tx_type, argMax(status, event_time) AS tx_status, "
                        + "argMax(amount_minor, event_time) AS amount_minor, argMax(currency, event_time) AS currency, "
                        + "toUnixTimestamp64Milli(min(event_time)) AS created_ms "
                        + "FROM payment_events WHERE channel = ? AND event_time >= fromUnixTimestamp64Milli(toInt64(" + from
                        + ")) AND event_time < fromUnixTimestamp64Milli(toInt64(" + to + ")) "
                        + "GROUP BY transaction_id ORDER BY transaction_id"
                : "SELECT transaction_id, payment_id, parent_payment_id, merchant_id, channel_ref, type, status, amount, "
                        + "currency, created_at, merchant_account, parent_channel_ref, booked_at FROM " + table
                        + " WHERE channel = ? AND created_at >= ? AND created_at < ? ORDER BY transaction_id, payment_id";
        try {
            Properties props = new Properties();
            props.putAll(credentials);
            if (isClickHouse(url)) {
                // The bundled client runs without zstd-jni (not on Maven Central under its classifier).
                props.putIfAbsent("compress", "false");
            }
            connection = DriverManager.getConnection(url, props);
            statement = connection.prepareStatement(sql);
            statement.setString(1, channel);
            if (!isClickHouse(url)) {
                statement.setTimestamp(2, java.sql.Timestamp.from(Instant.ofEpochMilli(from)));
                statement.setTimestamp(3, java.sql.Timestamp.from(Instant.ofEpochMilli(to)));
            }
            statement.setFetchSize(5_000);
            rows = statement.executeQuery();
        } catch (SQLException e) {
            throw new ReconInputException("--internal " + safeUrl(url) + ": cannot read our transactions: "
                    + firstLine(e.getMessage()), e);
        }
    }

    @Override
    protected StagedInternalRow doRead() throws Exception {
        if (!rows.next()) {
            return null;
        }
        long seq = getCurrentItemCount();
        String txn = rows.getString(1);
        String field = "type";
        try {
            TransactionType type = TransactionType.valueOf(rows.getString(6).trim().toUpperCase(Locale.ROOT));
            field = "status";
            TransactionStatus status = TransactionStatus.valueOf(rows.getString(7).trim().toUpperCase(Locale.ROOT));
            field = "amount";
            Money amount;
            Instant created;
            String merchantAccount = null;
            String parentRef = null;
            Instant booked = null;
            if (isClickHouse(url)) {
                amount = Money.ofMinor(rows.getLong(8), rows.getString(9));
                created = Instant.ofEpochMilli(rows.getLong(10));
            } else {
                amount = Money.parse(rows.getBigDecimal(8).toPlainString(), rows.getString(9));
                created = rows.getTimestamp(10).toInstant();
                merchantAccount = blank(rows.getString(11));
                parentRef = blank(rows.getString(12));
                java.sql.Timestamp b = rows.getTimestamp(13);
                booked = b == null ? null : b.toInstant();
            }
            LedgerEntry entry = new LedgerEntry(txn, rows.getString(2), blank(rows.getString(3)), blank(rows.getString(4)),
                    merchantAccount, channel, blank(rows.getString(5)), parentRef, type, status, amount, created, booked,
                    SourceLocation.ofFile(safeUrl(url), seq + 1));
            return new StagedInternalRow(seq, entry, true, null);
        } catch (IllegalArgumentException | NullPointerException e) {
            String reason = e.getMessage() != null && e.getMessage().startsWith("No enum constant")
                    ? "unknown " + field : field + ": " + e.getMessage();
            return new StagedInternalRow(seq, null, false,
                    new QuarantinedRow(safeUrl(url), seq + 1, field, reason + " (transaction_id " + txn + ")", txn));
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }

    @Override
    protected void doClose() throws Exception {
        try {
            if (rows != null) {
                rows.close();
            }
            if (statement != null) {
                statement.close();
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
            rows = null;
            statement = null;
            connection = null;
        }
    }
}
