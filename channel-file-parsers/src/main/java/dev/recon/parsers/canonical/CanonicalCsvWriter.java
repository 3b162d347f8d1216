package dev.recon.parsers.canonical;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.SettlementRecord;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes SettlementRecords as canonical settlement CSV (columns: {@link CanonicalColumns#ALL}).
 * Data is kept exactly, never neutralised for spreadsheets: this file feeds machines (the batch
 * job). Amounts are plain decimals with the currency's exponent ("12.50", "-3.00", "1000" JPY).
 * {@code fees} holds every fee as {@code KIND:amount:CURRENCY} joined by {@code |}, so a read-back
 * gives an equal record; {@code fee_total} is the sum for humans and is ignored on read.
 */
public final class CanonicalCsvWriter implements Closeable, Flushable {

    private final CsvWriter csv;
    private final String[] cells = new String[CanonicalColumns.ALL.size()];

    public CanonicalCsvWriter(Writer out) {
        this.csv = CsvWriter.builder().lineDelimiter(de.siegmar.fastcsv.writer.LineDelimiter.LF).build(out);
        csv.writeRecord(CanonicalColumns.ALL);
    }

    public void write(SettlementRecord r) {
        int i = 0;
        cells[i++] = r.source().origin();
        cells[i++] = Long.toString(r.source().line());
        cells[i++] = text(r.channel());
        cells[i++] = r.recordType();
        cells[i++] = r.category().name();
        cells[i++] = text(r.channelRef());
        cells[i++] = text(r.modificationRef());
        cells[i++] = text(r.merchantRef());
        cells[i++] = text(r.merchantAccount());
        cells[i++] = r.gross() == null ? "" : r.gross().toDecimalString();
        cells[i++] = r.gross() == null ? "" : r.gross().currencyCode();
        cells[i++] = r.net().toDecimalString();
        cells[i++] = r.net().currencyCode();
        cells[i++] = r.fees().isEmpty() ? "" : r.totalFees().toDecimalString();
        cells[i++] = fees(r.fees());
        cells[i++] = r.fxRate() == null ? "" : r.fxRate().toPlainString();
        cells[i++] = r.bookingDate() == null ? "" : r.bookingDate().toString();
        cells[i++] = r.eventTime() == null ? "" : r.eventTime().toString();
        cells[i++] = r.valueDate() == null ? "" : r.valueDate().toString();
        cells[i++] = text(r.payoutBatch());
        cells[i++] = text(r.description());
        cells[i++] = text(r.rawLine());
        csv.writeRecord(cells);
    }

    static String fees(List<Fee> fees) {
        if (fees.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Fee f : fees) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(f.kind().name()).append(':').append(f.amount().toDecimalString()).append(':')
                    .append(f.amount().currencyCode());
        }
        return sb.toString();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void flush() throws IOException {
        csv.flush();
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
