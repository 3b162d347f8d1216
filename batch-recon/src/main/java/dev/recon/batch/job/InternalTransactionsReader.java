package dev.recon.batch.job;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.recon.batch.ReconInputException;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.core.time.IsoInstant;
import dev.recon.parsers.QuarantinedRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads the canonical internal transactions CSV (DESIGN.md "Canonical internal transactions CSV",
 * a ledger export) with FastCSV. Columns are found by header name; required:
 * {@code payment_id,merchant_id,channel,channel_ref,type,status,amount,currency,created_at};
 * optional: {@code transaction_id,parent_payment_id,parent_channel_ref,merchant_account,booked_at}.
 *
 * <p>A header without a required column fails the run ({@code FILE:1: ...}, exit 1): no row of
 * such a file can be trusted. A bad row (wrong field count, unknown type or status, an amount with
 * more decimals than its currency, a time without offset) goes to quarantine with its line and
 * field, and reading continues. Rows of other channels are read and counted, not reconciled.
 * Restart: the item count is saved per chunk and the rows already staged are skipped on restart.
 */
public class InternalTransactionsReader extends AbstractItemCountingItemStreamItemReader<StagedInternalRow> {

    public static final List<String> REQUIRED = List.of("payment_id", "merchant_id", "channel", "channel_ref", "type",
            "status", "amount", "currency", "created_at");

    private final Path file;
    private final String channel;
    private CsvReader<CsvRecord> csv;
    private Iterator<CsvRecord> rows;
    private Map<String, Integer> columns;
    private int width;
    /** Column positions, looked up once from the header (-1 when absent): two map lookups per cell cost more than the cell. */
    private int cTransactionId, cPaymentId, cParentPaymentId, cMerchantId, cMerchantAccount, cChannel, cChannelRef,
            cParentChannelRef, cType, cStatus, cAmount, cCurrency, cCreatedAt, cBookedAt;

    public InternalTransactionsReader(Path file, String channel) {
        this.file = file;
        this.channel = channel;
        setName("internalTransactions");
    }

    @Override
    protected void doOpen() throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        csv = CsvReader.builder().allowExtraFields(true).allowMissingFields(true).skipEmptyLines(true)
                .ofCsvRecord(reader);
        rows = csv.iterator();
        if (!rows.hasNext()) {
            throw new ReconInputException(file + ":1: empty file: the internal transactions CSV needs a header row");
        }
        List<String> header = rows.next().getFields();
        columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
            columns.putIfAbsent(name, i);
        }
        width = header.size();
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                throw new ReconInputException(file + ":1: not a canonical internal transactions CSV: header has no '"
                        + required + "' column (required: " + String.join(",", REQUIRED) + ")");
            }
        }
        cTransactionId = index("transaction_id");
        cPaymentId = index("payment_id");
        cParentPaymentId = index("parent_payment_id");
        cMerchantId = index("merchant_id");
        cMerchantAccount = index("merchant_account");
        cChannel = index("channel");
        cChannelRef = index("channel_ref");
        cParentChannelRef = index("parent_channel_ref");
        cType = index("type");
        cStatus = index("status");
        cAmount = index("amount");
        cCurrency = index("currency");
        cCreatedAt = index("created_at");
        cBookedAt = index("booked_at");
    }

    private int index(String column) {
        return columns.getOrDefault(column, -1);
    }

    @Override
    protected StagedInternalRow doRead() {
        CsvRecord row;
        try {
            if (!rows.hasNext()) {
                return null;
            }
            row = rows.next();
        } catch (CsvParseException e) {
            throw new ReconInputException(file + ": unreadable CSV: " + e.getMessage(), e);
        }
        long seq = getCurrentItemCount();
        long line = row.getStartingLineNumber();
        if (row.getFieldCount() != width) {
            return quarantine(seq, line, "row", "row has " + row.getFieldCount() + " fields, header has " + width, row);
        }
        String field = "row";
        try {
            field = "channel";
            String rowChannel = required(row, cChannel, "channel");
            boolean inScope = rowChannel.equalsIgnoreCase(channel);
            field = "type";
            TransactionType type = TransactionType.valueOf(required(row, cType, "type").toUpperCase(Locale.ROOT));
            field = "status";
            TransactionStatus status = TransactionStatus.valueOf(required(row, cStatus, "status").toUpperCase(Locale.ROOT));
            field = "currency";
            var currency = Money.currency(required(row, cCurrency, "currency"));
            field = "amount";
            Money amount = Money.parse(required(row, cAmount, "amount"), currency);
            field = "created_at";
            Instant created = IsoInstant.parse(required(row, cCreatedAt, "created_at"));
            field = "booked_at";
            String booked = optional(row, cBookedAt);
            Instant bookedAt = booked == null ? null : IsoInstant.parse(booked);
            field = "payment_id";
            String paymentId = required(row, cPaymentId, "payment_id");
            field = "row";
            LedgerEntry entry = new LedgerEntry(optional(row, cTransactionId), paymentId,
                    optional(row, cParentPaymentId), optional(row, cMerchantId), optional(row, cMerchantAccount),
                    inScope ? channel : rowChannel, optional(row, cChannelRef), optional(row, cParentChannelRef),
                    type, status, amount, created, bookedAt, SourceLocation.ofFile(file.toString(), line));
            return new StagedInternalRow(seq, entry, inScope, null);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() != null && e.getMessage().startsWith("No enum constant")
                    ? "unknown " + field + " '" + value(row, field) + "'" : e.getMessage();
            return quarantine(seq, line, field, reason, row);
        } catch (DateTimeParseException e) {
            return quarantine(seq, line, field, field + " '" + value(row, field)
                    + "' is not ISO-8601 with an offset (e.g. 2026-01-05T10:15:00Z)", row);
        }
    }

    private StagedInternalRow quarantine(long seq, long line, String field, String reason, CsvRecord row) {
        return new StagedInternalRow(seq, null, false,
                new QuarantinedRow(file.toString(), line, field, reason, String.join(",", row.getFields())));
    }

    private String value(CsvRecord row, String name) {
        Integer i = columns.get(name);
        return i == null || i >= row.getFieldCount() ? "" : row.getField(i);
    }

    private static String required(CsvRecord row, int column, String name) {
        String v = optional(row, column);
        if (v == null) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return v;
    }

    private static String optional(CsvRecord row, int i) {
        if (i < 0 || i >= row.getFieldCount()) {
            return null;
        }
        String v = row.getField(i).trim();
        return v.isEmpty() ? null : v;
    }

    @Override
    protected void doClose() throws IOException {
        if (csv != null) {
            csv.close();
        }
        csv = null;
        rows = null;
    }
}
