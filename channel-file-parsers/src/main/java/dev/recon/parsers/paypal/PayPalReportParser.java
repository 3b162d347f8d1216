package dev.recon.parsers.paypal;

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
import dev.recon.parsers.ControlCheck;
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
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PayPal Settlement Report (STL) and Transaction Detail Report (TRR): record-typed CSV lines
 * (RH report header, FH file header, SH section header, CH column header, SB body, SF section
 * footer per currency, SC section count, RF report footer per currency, RC report count, FF file
 * footer), quoted or unquoted. SB columns are found by the CH names (whitespace collapsed, so TRR's
 * "Transaction  Debit or Credit" matches). Amounts are unsigned integers in minor units; direction
 * from the CR/DR columns. A report split over several files is read as one by
 * {@link #parseReport}: RF and RC, which come in the last file, are checked against all parts.
 *
 * <p>Footer layouts [inferred from FORMATS.md, check against PayPal spec 9.x before relying on them]:
 * SF/RF = currency, gross CR, gross DR, fee CR, fee DR, then D/C + amount pairs for beginning and
 * ending available balance (further pairs ignored); SC = number of SB rows in the section; RC =
 * number of SB rows in the report; FF = number of SB rows in the file.
 *
 * <p>Checks: SC; per section and currency the four SF sums and ending available = beginning +
 * gross CR - gross DR + fee CR - fee DR; the same sums per currency for RF; RC; FF.
 *
 * <p>Record mapping: net = gross - fee (fee DR = charged, CR = refunded fee); category from the
 * event code (T00xx payment, T01xx fee, T03xx top-up, T04xx bank withdrawal = payout, T1107 refund,
 * T11xx other reversals and T1201 chargeback, T1202 chargeback reversal, rest adjustment); for
 * refunds and reversals the PayPal Reference ID (the original payment) is channelRef and the
 * Transaction ID the modificationRef.
 */
public final class PayPalReportParser implements SettlementFileParser {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss Z", Locale.ROOT);

    private final String format;
    private final ParseOptions options;

    public PayPalReportParser(String format, ParseOptions options) {
        this.format = format;
        this.options = options;
    }

    @Override
    public String format() {
        return format;
    }

    /** Sums for one currency (section or report). */
    private static final class Sums {
        long grossCredit;
        long grossDebit;
        long feeCredit;
        long feeDebit;

        void add(Sums o) {
            grossCredit += o.grossCredit;
            grossDebit += o.grossDebit;
            feeCredit += o.feeCredit;
            feeDebit += o.feeDebit;
        }
    }

    /** State that spans the files of one report. */
    private static final class Report {
        final Map<String, Sums> report = new LinkedHashMap<>();
        long reportRows;
        boolean sawReportFooter;
    }


    @Override
    public ParseResult parse(InputSource source, RecordSink sink) throws ParseException, IOException {
        return parseReport(List.of(source), sink);
    }

    @Override
    public ParseResult parseReport(List<InputSource> parts, RecordSink sink) throws ParseException, IOException {
        Report report = new Report();
        ParseResult total = ParseResult.empty(format);
        for (int i = 0; i < parts.size(); i++) {
            total = total.merge(parsePart(parts.get(i), sink, report, i == parts.size() - 1));
        }
        return total;
    }

    private ParseResult parsePart(InputSource source, RecordSink sink, Report report, boolean last)
            throws ParseException, IOException {
        ParseTally tally = new ParseTally(format, source.name(), sink);
        CurrencyCodes currencies = new CurrencyCodes();
        String channel = options.channelOr("paypal");
        Map<String, Integer> columns = null;
        Map<String, Sums> section = new HashMap<>();
        long sectionRows = 0;
        long fileRows = 0;
        int section_no = 0;
        boolean first = true;
        try (Reader reader = DecodedInput.open(source, options.charset());
             CsvReader<CsvRecord> csv = CsvRows.reader(reader, ',')) {
            for (CsvRecord row : csv) {
                long line = row.getStartingLineNumber();
                String type = row.getField(0).strip().toUpperCase(Locale.ROOT);
                if (first) {
                    first = false;
                    if (!type.equals("RH") && !type.equals("FH")) {
                        throw new ParseException(source.name(), line,
                                "not a PayPal STL/TRR report: the first record is '" + type + "', not RH or FH");
                    }
                }
                switch (type) {
                    case "RH", "FH" -> {
                    }
                    case "SH" -> {
                        section = new HashMap<>();
                        sectionRows = 0;
                        section_no++;
                    }
                    case "CH" -> {
                        columns = new HashMap<>();
                        for (int i = 1; i < row.getFieldCount(); i++) {
                            columns.putIfAbsent(normalise(row.getField(i)), i);
                        }
                    }
                    case "SB" -> {
                        tally.rowRead();
                        sectionRows++;
                        fileRows++;
                        report.reportRows++;
                        try {
                            if (columns == null) {
                                throw new BadField("row", "SB row before any CH column header");
                            }
                            tally.emit(record(row, columns, currencies, channel, tally.file(), section, report));
                        } catch (BadField bad) {
                            tally.quarantine(line, bad.field(), bad.getMessage(), CsvRows.toLine(row, ','));
                        }
                    }
                    case "SF" -> footer(tally, "paypal section " + section_no, row, section, true);
                    case "SC" -> count(tally, "paypal section " + section_no + ": SC row count", row, sectionRows);
                    case "RF" -> {
                        report.sawReportFooter = true;
                        footer(tally, "paypal report", row, report.report, false);
                    }
                    case "RC" -> count(tally, "paypal report: RC row count", row, report.reportRows);
                    case "FF" -> count(tally, "paypal file " + source.name() + ": FF row count", row, fileRows);
                    default -> {
                        tally.rowRead();
                        tally.quarantine(line, "record type", "record type '" + type
                                + "' is not RH, FH, SH, CH, SB, SF, SC, RF, RC or FF", CsvRows.toLine(row, ','));
                    }
                }
            }
        } catch (CsvParseException | UncheckedIOException e) {
            throw new ParseException(source.name(), tally.rowsRead() + 1, "unreadable CSV after " + tally.rowsRead()
                    + " rows: " + e.getMessage(), e);
        }
        if (first) {
            throw new ParseException(source.name(), 1, "empty file: not a PayPal STL/TRR report");
        }
        if (last && !report.sawReportFooter) {
            tally.check(new ControlCheck("paypal report: RF report footer present in the last file", "present", "missing",
                    false));
        }
        return tally.result();
    }

    private static String normalise(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private SettlementRecord record(CsvRecord row, Map<String, Integer> columns, CurrencyCodes currencies,
            String channel, String file, Map<String, Sums> section, Report report) throws BadField {
        String code = get(row, columns, "transaction event code");
        String grossDc = get(row, columns, "transaction debit or credit");
        Currency currency = currency(currencies, get(row, columns, "gross transaction currency"), "Gross Transaction Currency");
        long gross = amount(row, columns, "gross transaction amount", currency);
        int sign = direction(grossDc, "Transaction Debit or Credit");
        String feeText = get(row, columns, "fee amount");
        long fee = 0;
        int feeSign = 1;
        Currency feeCurrency = currency;
        if (feeText != null && !feeText.isEmpty()) {
            String feeCode = get(row, columns, "fee currency");
            feeCurrency = feeCode == null ? currency : currency(currencies, feeCode, "Fee Currency");
            fee = amount(row, columns, "fee amount", feeCurrency);
            String feeDc = get(row, columns, "fee debit or credit");
            feeSign = fee == 0 && feeDc == null ? 1 : direction(feeDc, "Fee Debit or Credit");
        }
        if (fee != 0 && !feeCurrency.equals(currency)) {
            throw new BadField("Fee Currency", "fee in " + feeCurrency + " on a " + currency + " transaction");
        }
        // fee DR = charged to us (positive Fee), fee CR = a fee given back
        long charged = feeSign < 0 ? fee : -fee;
        Sums sums = section.computeIfAbsent(currency.getCurrencyCode(), k -> new Sums());
        Sums rep = report.report.computeIfAbsent(currency.getCurrencyCode(), k -> new Sums());
        Sums delta = new Sums();
        if (sign > 0) {
            delta.grossCredit = gross;
        } else {
            delta.grossDebit = gross;
        }
        if (feeSign > 0) {
            delta.feeCredit = fee;
        } else {
            delta.feeDebit = fee;
        }
        sums.add(delta);
        rep.add(delta);
        RecordCategory category = category(code);
        String txn = get(row, columns, "transaction id");
        String reference = get(row, columns, "paypal reference id");
        boolean modification = category == RecordCategory.REFUND || category == RecordCategory.CHARGEBACK
                || category == RecordCategory.CHARGEBACK_REVERSAL;
        String status = get(row, columns, "transactional status");
        String recordType = (code == null ? "T????" : code) + (status != null && !status.equals("S") ? " status " + status : "");
        OffsetDateTime initiated = date(get(row, columns, "transaction initiation date"), "Transaction Initiation Date");
        OffsetDateTime completed = date(get(row, columns, "transaction completion date"), "Transaction Completion Date");
        String invoice = get(row, columns, "invoice id");
        String custom = get(row, columns, "custom field");
        return new SettlementRecord(channel, recordType, category,
                modification && reference != null ? reference : txn, modification && reference != null ? txn : null,
                invoice != null ? invoice : custom, null, new Money(sign * gross, currency),
                new Money(sign * gross - charged, currency),
                charged == 0 ? List.of() : List.of(new Fee(FeeKind.PROCESSING, new Money(charged, currency))), null,
                completed != null ? completed.toLocalDate() : initiated != null ? initiated.toLocalDate() : null,
                initiated == null ? null : initiated.toInstant(), null, get(row, columns, "bank reference id"),
                CardNumberMasker.mask(custom), SourceLocation.ofFile(file, row.getStartingLineNumber()),
                options.keepRawLines() ? CardNumberMasker.mask(CsvRows.toLine(row, ',')) : null);
    }

    static RecordCategory category(String code) {
        if (code == null || code.length() != 5 || code.charAt(0) != 'T') {
            return RecordCategory.OTHER;
        }
        String group = code.substring(1, 3);
        return switch (group) {
            case "00" -> RecordCategory.PAYMENT;
            case "01" -> RecordCategory.FEE;
            case "03" -> RecordCategory.TOPUP;
            case "04" -> RecordCategory.PAYOUT;
            case "11" -> code.equals("T1107") ? RecordCategory.REFUND : RecordCategory.CHARGEBACK;
            case "12" -> code.equals("T1201") ? RecordCategory.CHARGEBACK
                    : code.equals("T1202") ? RecordCategory.CHARGEBACK_REVERSAL : RecordCategory.ADJUSTMENT;
            case "02", "05", "06", "07", "08", "09", "10", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22" ->
                    RecordCategory.ADJUSTMENT;
            default -> RecordCategory.OTHER;
        };
    }

    private void footer(ParseTally tally, String scope, CsvRecord row, Map<String, Sums> computed, boolean section) {
        String code = field(row, 1);
        String name = scope + " " + (code == null ? "?" : code);
        Currency currency;
        try {
            currency = Money.currency(code);
        } catch (IllegalArgumentException e) {
            tally.check(new ControlCheck(name + ": footer currency", "ISO 4217 code", String.valueOf(code), false));
            return;
        }
        Sums actual = computed.getOrDefault(currency.getCurrencyCode(), new Sums());
        minor(tally, name + ": total gross CR", field(row, 2), actual.grossCredit, currency);
        minor(tally, name + ": total gross DR", field(row, 3), actual.grossDebit, currency);
        minor(tally, name + ": total fee CR", field(row, 4), actual.feeCredit, currency);
        minor(tally, name + ": total fee DR", field(row, 5), actual.feeDebit, currency);
        if (section) {
            Long begin = signed(field(row, 6), field(row, 7));
            Long end = signed(field(row, 8), field(row, 9));
            Long gc = digits(field(row, 2));
            Long gd = digits(field(row, 3));
            Long fc = digits(field(row, 4));
            Long fd = digits(field(row, 5));
            if (begin != null && end != null && gc != null && gd != null && fc != null && fd != null) {
                tally.check(ControlCheck.of(name + ": ending available = beginning + gross CR - gross DR + fee CR - fee DR",
                        new Money(end, currency), new Money(begin + gc - gd + fc - fd, currency)));
            }
        }
    }

    private static void minor(ParseTally tally, String name, String expected, long actual, Currency currency) {
        Long e = digits(expected);
        tally.check(new ControlCheck(name, e == null ? "'" + expected + "'" : new Money(e, currency).toString(),
                new Money(actual, currency).toString(), e != null && e == actual));
    }

    private static void count(ParseTally tally, String name, CsvRecord row, long actual) {
        String text = field(row, 1);
        Long expected = digits(text);
        tally.check(new ControlCheck(name, expected == null ? "'" + text + "'" : expected.toString(), Long.toString(actual),
                expected != null && expected == actual));
    }

    private static Long signed(String dc, String amount) {
        Long a = digits(amount);
        if (a == null || dc == null) {
            return null;
        }
        return switch (dc.toUpperCase(Locale.ROOT)) {
            case "CR" -> a;
            case "DR" -> -a;
            default -> null;
        };
    }

    private static String field(CsvRecord row, int i) {
        if (i >= row.getFieldCount()) {
            return null;
        }
        String s = row.getField(i).strip();
        return s.isEmpty() ? null : s;
    }

    private static Long digits(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return null;
            }
        }
        return Long.parseLong(s);
    }

    private static String get(CsvRecord row, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null ? null : field(row, i);
    }

    private static Currency currency(CurrencyCodes currencies, String code, String column) throws BadField {
        try {
            return currencies.lookup(code);
        } catch (IllegalArgumentException e) {
            throw new BadField(column, column + ": " + e.getMessage());
        }
    }

    private static long amount(CsvRecord row, Map<String, Integer> columns, String name, Currency currency) throws BadField {
        String text = get(row, columns, name);
        if (text == null) {
            throw new BadField(name, name + " is empty");
        }
        try {
            // minor units without a decimal point: "10000" = 100.00 USD
            long v = DecimalAmount.toMinorUnits(text, 0, '.');
            if (v < 0) {
                throw new IllegalArgumentException("amount '" + text + "' is signed; the CR/DR column carries the direction");
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new BadField(name, name + ": " + e.getMessage() + " (" + currency.getCurrencyCode() + ")");
        }
    }

    private static int direction(String dc, String column) throws BadField {
        if ("CR".equalsIgnoreCase(dc)) {
            return 1;
        }
        if ("DR".equalsIgnoreCase(dc)) {
            return -1;
        }
        throw new BadField(column, column + " '" + dc + "' is neither CR nor DR");
    }

    private static OffsetDateTime date(String text, String column) throws BadField {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DATE);
        } catch (DateTimeException e) {
            throw new BadField(column, column + " '" + text + "' is not yyyy/MM/dd HH:mm:ss +hhmm");
        }
    }
}
