package dev.recon.parsers.canonical;

import dev.recon.parsers.BadField;
import static dev.recon.parsers.canonical.CanonicalColumns.*;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import dev.recon.parsers.ParseTally;
import dev.recon.parsers.RecordSink;
import dev.recon.parsers.SettlementFileParser;
import dev.recon.parsers.text.CsvRows;
import dev.recon.parsers.text.CurrencyCodes;
import dev.recon.parsers.text.DecimalAmount;
import dev.recon.parsers.text.DecodedInput;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads canonical settlement CSV ({@link CanonicalCsvWriter}'s output, or any upstream tool's) back
 * into SettlementRecords, columns by header name. Text is taken exactly as written (no trimming);
 * an empty cell is null. When {@code source_file}/{@code source_line} are present the record keeps
 * its original provenance (so a break still points at the channel's own file); otherwise the source
 * is this file and line. {@code fee_total} is informational and not read. A {@code channel} column
 * left empty takes the configured channel.
 */
public final class CanonicalCsvParser implements SettlementFileParser {

    public static final String FORMAT = "canonical";

    private final ParseOptions options;

    public CanonicalCsvParser(ParseOptions options) {
        this.options = options;
    }

    @Override
    public String format() {
        return FORMAT;
    }


    @Override
    public ParseResult parse(InputSource source, RecordSink sink) throws ParseException, IOException {
        ParseTally tally = new ParseTally(FORMAT, source.name(), sink);
        CurrencyCodes currencies = new CurrencyCodes();
        try (Reader reader = DecodedInput.open(source, options.charset());
             CsvReader<CsvRecord> csv = CsvRows.reader(reader, ',')) {
            Iterator<CsvRecord> rows = csv.iterator();
            if (!rows.hasNext()) {
                throw new ParseException(source.name(), 1, "empty file: canonical settlement CSV has a header row");
            }
            CsvRecord header = rows.next();
            Map<String, Integer> idx = CsvRows.headerIndex(header.getFields());
            for (String required : REQUIRED) {
                if (!idx.containsKey(required)) {
                    throw new ParseException(source.name(), header.getStartingLineNumber(),
                            "not canonical settlement CSV: header has no '" + required + "' column");
                }
            }
            int[] col = new int[ALL.size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = idx.getOrDefault(ALL.get(i), -1);
            }
            while (rows.hasNext()) {
                CsvRecord row = rows.next();
                tally.rowRead();
                try {
                    tally.emit(toRecord(row, col, currencies, source.name()));
                } catch (BadField bad) {
                    tally.quarantine(row.getStartingLineNumber(), bad.field(), bad.getMessage(), CsvRows.toLine(row, ','));
                }
            }
        } catch (CsvParseException | UncheckedIOException e) {
            throw new ParseException(source.name(), tally.rowsRead() + 1, "unreadable CSV after " + tally.rowsRead()
                    + " data rows: " + e.getMessage(), e);
        }
        return tally.result();
    }

    private String cell(CsvRecord row, int[] col, String name) {
        int i = col[ALL.indexOf(name)];
        if (i < 0 || i >= row.getFieldCount()) {
            return null;
        }
        String s = row.getField(i);
        return s.isEmpty() ? null : s;
    }

    private SettlementRecord toRecord(CsvRecord row, int[] col, CurrencyCodes currencies, String file) throws BadField {
        String recordType = cell(row, col, RECORD_TYPE);
        if (recordType == null) {
            throw new BadField(RECORD_TYPE, "record_type is empty");
        }
        String categoryText = cell(row, col, CATEGORY);
        RecordCategory category;
        try {
            category = RecordCategory.valueOf(categoryText == null ? "" : categoryText);
        } catch (IllegalArgumentException e) {
            throw new BadField(CATEGORY, "category '" + categoryText + "' is not one of "
                    + java.util.Arrays.toString(RecordCategory.values()));
        }
        Money net = money(cell(row, col, NET), cell(row, col, NET_CURRENCY), currencies, NET, true);
        String grossText = cell(row, col, GROSS);
        Money gross = grossText == null ? null
                : money(grossText, cell(row, col, GROSS_CURRENCY), currencies, GROSS, true);
        List<Fee> fees = fees(cell(row, col, FEES), currencies);
        BigDecimal fx = null;
        String fxText = cell(row, col, FX_RATE);
        if (fxText != null) {
            try {
                fx = new BigDecimal(fxText);
            } catch (NumberFormatException e) {
                throw new BadField(FX_RATE, "fx_rate '" + fxText + "' is not a decimal number");
            }
        }
        LocalDate booking = date(cell(row, col, BOOKING_DATE), BOOKING_DATE);
        LocalDate value = date(cell(row, col, VALUE_DATE), VALUE_DATE);
        Instant eventTime = null;
        String et = cell(row, col, EVENT_TIME);
        if (et != null) {
            try {
                eventTime = Instant.parse(et);
            } catch (DateTimeException e) {
                throw new BadField(EVENT_TIME, "event_time '" + et + "' is not an ISO-8601 instant");
            }
        }
        SourceLocation location = SourceLocation.ofFile(file, row.getStartingLineNumber());
        String sourceFile = cell(row, col, SOURCE_FILE);
        String sourceLine = cell(row, col, SOURCE_LINE);
        if (sourceFile != null && sourceLine != null) {
            try {
                location = SourceLocation.ofFile(sourceFile, Long.parseLong(sourceLine));
            } catch (NumberFormatException e) {
                throw new BadField(SOURCE_LINE, "source_line '" + sourceLine + "' is not a line number");
            }
        }
        String channel = cell(row, col, CHANNEL);
        return new SettlementRecord(channel != null ? channel : options.channel(), recordType, category,
                cell(row, col, CHANNEL_REF), cell(row, col, MODIFICATION_REF), cell(row, col, MERCHANT_REF),
                cell(row, col, MERCHANT_ACCOUNT), gross, net, fees, fx, booking, eventTime, value,
                cell(row, col, PAYOUT_BATCH), cell(row, col, DESCRIPTION), location, cell(row, col, RAW_LINE));
    }

    private static Money money(String amount, String code, CurrencyCodes currencies, String field, boolean required)
            throws BadField {
        if (amount == null) {
            throw new BadField(field, field + " is empty");
        }
        Currency currency;
        try {
            currency = currencies.lookup(code);
        } catch (IllegalArgumentException e) {
            throw new BadField(field + "_currency", field + "_currency: " + e.getMessage());
        }
        try {
            return DecimalAmount.toMoney(amount, currency, '.');
        } catch (IllegalArgumentException e) {
            throw new BadField(field, field + ": " + e.getMessage() + " (" + currency.getCurrencyCode() + ")");
        }
    }

    private static List<Fee> fees(String text, CurrencyCodes currencies) throws BadField {
        if (text == null) {
            return List.of();
        }
        List<Fee> fees = new ArrayList<>();
        for (String part : text.split("\\|", -1)) {
            String[] p = part.split(":", -1);
            if (p.length != 3) {
                throw new BadField(FEES, "fees entry '" + part + "' is not KIND:amount:CURRENCY");
            }
            FeeKind kind;
            try {
                kind = FeeKind.valueOf(p[0]);
            } catch (IllegalArgumentException e) {
                throw new BadField(FEES, "fee kind '" + p[0] + "' is not one of " + java.util.Arrays.toString(FeeKind.values()));
            }
            fees.add(new Fee(kind, money(p[1], p[2], currencies, FEES, true)));
        }
        return fees;
    }

    private static LocalDate date(String text, String field) throws BadField {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new BadField(field, field + " '" + text + "' is not yyyy-MM-dd");
        }
    }
}
