package dev.recon.parsers.generic;

import dev.recon.parsers.BadField;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.recon.core.money.Money;
import dev.recon.core.security.CardNumberMasker;
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
import dev.recon.parsers.generic.GenericCsvMapping.SignConvention;
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
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Any channel's CSV described by a {@link GenericCsvMapping}. Net defaults to gross minus fee when
 * the file has no net column (then both must be in one currency); the channel's type column maps to
 * a category through the mapping's {@code types}, unknown values take {@code defaultCategory}.
 * Generic files carry no control totals, so none are checked.
 */
public final class GenericCsvParser implements SettlementFileParser {

    public static final String FORMAT = "generic";

    private final GenericCsvMapping mapping;
    private final ParseOptions options;

    public GenericCsvParser(GenericCsvMapping mapping, ParseOptions options) {
        this.mapping = mapping;
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
        String channel = options.channel() != null ? options.channel() : mapping.channel();
        try (Reader reader = DecodedInput.open(source, mapping.encoding());
             CsvReader<CsvRecord> csv = CsvRows.reader(reader, mapping.delimiter())) {
            Iterator<CsvRecord> rows = csv.iterator();
            for (int i = 0; i < mapping.skipLines() && rows.hasNext(); i++) {
                rows.next();
            }
            Map<String, Integer> positions = new HashMap<>();
            Map<String, String> labels = new HashMap<>();
            if (mapping.header()) {
                if (!rows.hasNext()) {
                    throw new ParseException(source.name(), 1 + mapping.skipLines(), "empty file: the mapping expects a header row");
                }
                CsvRecord header = rows.next();
                Map<String, Integer> idx = CsvRows.headerIndex(header.getFields());
                for (Map.Entry<String, Object> e : mapping.columns().entrySet()) {
                    if (e.getValue() instanceof Integer p) {
                        positions.put(e.getKey(), p - 1);
                        labels.put(e.getKey(), "column " + p);
                    } else {
                        Integer p = idx.get(CsvRows.normalise((String) e.getValue()));
                        if (p == null) {
                            throw new ParseException(source.name(), header.getStartingLineNumber(),
                                    "header has no column '" + e.getValue() + "' (mapped to " + e.getKey() + ")");
                        }
                        positions.put(e.getKey(), p);
                        labels.put(e.getKey(), (String) e.getValue());
                    }
                }
            } else {
                for (Map.Entry<String, Object> e : mapping.columns().entrySet()) {
                    positions.put(e.getKey(), (Integer) e.getValue() - 1);
                    labels.put(e.getKey(), "column " + e.getValue());
                }
            }
            while (rows.hasNext()) {
                CsvRecord row = rows.next();
                tally.rowRead();
                try {
                    tally.emit(toRecord(row, positions, labels, currencies, channel, source.name()));
                } catch (BadField bad) {
                    tally.quarantine(row.getStartingLineNumber(), bad.field(), bad.getMessage(),
                            CsvRows.toLine(row, mapping.delimiter()));
                }
            }
        } catch (CsvParseException | UncheckedIOException e) {
            throw new ParseException(source.name(), tally.rowsRead() + 1, "unreadable CSV after " + tally.rowsRead()
                    + " data rows: " + e.getMessage(), e);
        }
        return tally.result();
    }

    private SettlementRecord toRecord(CsvRecord row, Map<String, Integer> pos, Map<String, String> labels,
            CurrencyCodes currencies, String channel, String file) throws BadField {
        Field f = new Field(row, pos, labels);
        String netCode = f.get("netCurrency");
        String grossCode = f.get("grossCurrency");
        if (netCode == null) {
            netCode = grossCode != null ? grossCode : mapping.defaultCurrency();
        }
        if (grossCode == null) {
            grossCode = netCode;
        }
        Currency netCurrency = currency(currencies, netCode, f.label("netCurrency"));
        Currency grossCurrency = currency(currencies, grossCode, f.label("grossCurrency"));
        int direction = 1;
        if (mapping.sign() == SignConvention.DIRECTION_COLUMN) {
            String d = f.get("direction");
            if (d != null && mapping.creditValues().contains(d)) {
                direction = 1;
            } else if (d != null && mapping.debitValues().contains(d)) {
                direction = -1;
            } else {
                throw new BadField(f.label("direction"), "direction '" + d + "' is neither credit "
                        + mapping.creditValues() + " nor debit " + mapping.debitValues());
            }
        } else if (mapping.sign() == SignConvention.SIGNED_DEBIT_POSITIVE) {
            direction = -1;
        }
        Long gross = signedAmount(f, "gross", "grossDebit", "grossCredit", grossCurrency, direction);
        long fee = 0;
        if (f.has("fee")) {
            String text = f.get("fee");
            fee = text == null ? 0 : amount(text, netCurrency, f.label("fee"));
            if (mapping.feesNegative()) {
                fee = -fee;
            }
        }
        Long net = signedAmount(f, "net", "netDebit", "netCredit", netCurrency, direction);
        if (net == null) {
            if (gross == null) {
                throw new BadField(f.label(f.has("net") ? "net" : "gross"), "no amount on the row");
            }
            if (!grossCurrency.equals(netCurrency)) {
                throw new BadField(f.label("net"), "no net amount and gross is in another currency");
            }
            net = gross - fee;
        }
        String type = f.get("recordType");
        RecordCategory category = type == null ? mapping.defaultCategory()
                : mapping.types().getOrDefault(type, mapping.defaultCategory());
        BigDecimal fx = null;
        String fxText = f.get("fxRate");
        if (fxText != null && !grossCurrency.equals(netCurrency)) {
            try {
                fx = new BigDecimal(fxText.replace(mapping.decimalSeparator(), '.'));
            } catch (NumberFormatException e) {
                throw new BadField(f.label("fxRate"), "fx rate '" + fxText + "' is not a decimal number");
            }
        }
        LocalDate booking = date(f, "bookingDate");
        LocalDate value = date(f, "valueDate");
        Instant eventTime = null;
        String et = f.get("eventTime");
        if (et != null) {
            eventTime = dateTime(et, f.label("eventTime")).atZone(mapping.zone()).toInstant();
        }
        List<Fee> fees = fee == 0 ? List.of() : List.of(new Fee(FeeKind.OTHER, new Money(fee, netCurrency)));
        String raw = options.keepRawLines() ? CardNumberMasker.mask(CsvRows.toLine(row, mapping.delimiter())) : null;
        return new SettlementRecord(channel, type == null ? category.name() : type, category, f.get("channelRef"),
                f.get("modificationRef"), f.get("merchantRef"), f.get("merchantAccount"),
                gross == null ? null : new Money(gross, grossCurrency), new Money(net, netCurrency), fees, fx, booking,
                eventTime, value, f.get("payoutBatch"), CardNumberMasker.mask(f.get("description")),
                SourceLocation.ofFile(file, row.getStartingLineNumber()), raw);
    }

    private Long signedAmount(Field f, String single, String debit, String credit, Currency currency, int direction)
            throws BadField {
        if (f.has(single)) {
            String text = f.get(single);
            if (text == null) {
                return null;
            }
            return direction * amount(text, currency, f.label(single));
        }
        if (f.has(debit) || f.has(credit)) {
            String d = f.get(debit);
            String c = f.get(credit);
            if (d == null && c == null) {
                return null;
            }
            long dv = d == null ? 0 : amount(d, currency, f.label(debit));
            long cv = c == null ? 0 : amount(c, currency, f.label(credit));
            return cv - dv;
        }
        return null;
    }

    private long amount(String text, Currency currency, String label) throws BadField {
        String t = text;
        if (!mapping.groupingSeparator().isEmpty()) {
            t = t.replace(mapping.groupingSeparator(), "");
        }
        try {
            if (mapping.minorUnits()) {
                return DecimalAmount.toMinorUnits(t, 0, mapping.decimalSeparator());
            }
            return DecimalAmount.toMinorUnits(t, currency.getDefaultFractionDigits(), mapping.decimalSeparator());
        } catch (IllegalArgumentException e) {
            throw new BadField(label, label + ": " + e.getMessage() + " (" + currency.getCurrencyCode() + ")");
        }
    }

    private LocalDate date(Field f, String name) throws BadField {
        String text = f.get(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text, mapping.dateFormat());
        } catch (DateTimeException e) {
            return dateTime(text, f.label(name)).toLocalDate();
        }
    }

    private LocalDateTime dateTime(String text, String label) throws BadField {
        DateTimeFormatter fmt = mapping.dateTimeFormat();
        try {
            return LocalDateTime.parse(text, fmt);
        } catch (DateTimeException e) {
            throw new BadField(label, label + ": '" + text + "' does not match the mapping's date format");
        }
    }

    private static Currency currency(CurrencyCodes currencies, String code, String label) throws BadField {
        try {
            return currencies.lookup(code);
        } catch (IllegalArgumentException e) {
            throw new BadField(label, label + ": " + e.getMessage());
        }
    }

    /** Field access by logical name: trimmed, null when blank, absent column or short row. */
    private static final class Field {
        private final CsvRecord row;
        private final Map<String, Integer> pos;
        private final Map<String, String> labels;

        Field(CsvRecord row, Map<String, Integer> pos, Map<String, String> labels) {
            this.row = row;
            this.pos = pos;
            this.labels = labels;
        }

        boolean has(String name) {
            return pos.containsKey(name);
        }

        String label(String name) {
            return labels.getOrDefault(name, name);
        }

        String get(String name) throws BadField {
            Integer p = pos.get(name);
            if (p == null) {
                return null;
            }
            if (p >= row.getFieldCount()) {
                throw new BadField(label(name), "row has " + row.getFieldCount() + " fields, no " + label(name));
            }
            String s = row.getField(p).trim();
            return s.isEmpty() ? null : s;
        }
    }
}
