package dev.recon.parsers.swift;

import com.prowidesoftware.swift.model.field.Field61;
import dev.recon.core.money.Money;
import dev.recon.core.security.CardNumberMasker;
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
import dev.recon.parsers.text.CurrencyCodes;
import dev.recon.parsers.text.DecimalAmount;
import dev.recon.parsers.text.DecodedInput;
import dev.recon.parsers.text.NumberedLineReader;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

/**
 * SWIFT MT940 customer statements and MT942 interim reports: every {@code :61:} becomes a
 * {@link RecordCategory#BANK_ENTRY} record (net signed: C and RD credit us, D and RC debit us) with
 * its {@code :86:} as description. Tags are split by {@link SwiftTagReader} (any envelope); the
 * {@code :61:} subfields are parsed by Prowide's {@link Field61}, which also resolves the
 * {@code CR50990,05} ambiguity (mark C + funds code R) correctly.
 *
 * <p>Controls: per statement, opening {@code :60F/M:} + entries = closing {@code :62F/M:}; a paged
 * statement's {@code :60M:} must equal the previous page's closing balance for the account; for
 * MT942, the {@code :90D:}/{@code :90C:} counts and sums. Streaming: one statement's running totals
 * are the only state.
 *
 * <p>Assumptions: two-digit years are 2000-2079, 1980-1999 otherwise; the entry date (MMDD, no year)
 * takes the value date's year, rolled over at December/January; {@code :86:} lines are joined with
 * newlines, trailing padding removed (ASNB pads to 65 characters).
 */
public final class Mt940Parser implements SettlementFileParser {

    private final String format;
    private final ParseOptions options;

    public Mt940Parser(String format, ParseOptions options) {
        this.format = format;
        this.options = options;
    }

    @Override
    public String format() {
        return format;
    }

    /** The statement being read; reset at each :20:. */
    private static final class Statement {
        String reference;
        String account;
        String number;
        Currency currency;
        Money opening;
        boolean openingIntermediate;
        long entriesSum;
        boolean closed;
        long debitCount;
        long creditCount;
        long debitSum;
        long creditSum;
        String[] control90D;
        String[] control90C;
        boolean sawEntryOrBalance;
    }

    /** A :61: waiting for its optional :86:. */
    private record PendingEntry(String value, long line) {
    }

    @Override
    public ParseResult parse(InputSource source, RecordSink sink) throws ParseException, IOException {
        ParseTally tally = new ParseTally(format, source.name(), sink);
        CurrencyCodes currencies = new CurrencyCodes();
        Map<String, Money> lastClosingByAccount = new HashMap<>();
        String channel = options.channelOr("bank");
        try (NumberedLineReader lines = new NumberedLineReader(DecodedInput.open(source, options.charset()), 1 << 16)) {
            SwiftTagReader reader = new SwiftTagReader(lines);
            Statement st = null;
            PendingEntry pending = null;
            SwiftTagReader.Item item;
            while ((item = reader.next()) != null) {
                if (pending != null && !"86".equals(item.tag())) {
                    entry(st, pending, null, tally, currencies, channel);
                    pending = null;
                }
                if (item.endOfMessage()) {
                    finish(st, tally, lastClosingByAccount, item.line());
                    st = null;
                    continue;
                }
                String value = item.value();
                switch (item.tag()) {
                    case "20" -> {
                        finish(st, tally, lastClosingByAccount, item.line());
                        st = new Statement();
                        st.reference = value.strip();
                    }
                    case "25" -> {
                        st = current(st);
                        st.account = value.strip();
                    }
                    case "28", "28C" -> {
                        st = current(st);
                        st.number = value.strip();
                    }
                    case "60F", "60M" -> {
                        Statement s = current(st);
                        st = s;
                        s.sawEntryOrBalance = true;
                        Money opening = balance(value, currencies);
                        if (opening == null) {
                            tally.check(new ControlCheck(label(s, tally) + ": opening balance :" + item.tag() + ": readable",
                                    "C|D yyMMdd CCY amount", "'" + value + "' at line " + item.line(), false));
                        } else {
                            s.opening = opening;
                            s.currency = opening.currency();
                            s.openingIntermediate = item.tag().equals("60M");
                            Money previous = s.account == null ? null : lastClosingByAccount.get(s.account);
                            if (s.openingIntermediate && previous != null && previous.sameCurrency(opening)) {
                                tally.check(ControlCheck.of(label(s, tally) + ": :60M: opening = previous page's closing",
                                        previous, opening));
                            }
                        }
                    }
                    case "34F" -> {
                        Statement s = current(st);
                        st = s;
                        if (s.currency == null) {
                            s.currency = currencyPrefix(value, currencies);
                        }
                    }
                    case "90D" -> {
                        st = current(st);
                        st.control90D = control90(value);
                    }
                    case "90C" -> {
                        st = current(st);
                        st.control90C = control90(value);
                    }
                    case "61" -> {
                        st = current(st);
                        st.sawEntryOrBalance = true;
                        pending = new PendingEntry(value, item.line());
                    }
                    case "86" -> {
                        if (pending != null) {
                            entry(st, pending, value, tally, currencies, channel);
                            pending = null;
                        }
                        // a :86: after the closing balance is statement-level information
                    }
                    case "62F", "62M" -> {
                        Statement s = current(st);
                        st = s;
                        s.closed = true;
                        Money closing = balance(value, currencies);
                        if (closing == null) {
                            tally.check(new ControlCheck(label(s, tally) + ": closing balance :" + item.tag() + ": readable",
                                    "C|D yyMMdd CCY amount", "'" + value + "' at line " + item.line(), false));
                        } else if (s.opening == null) {
                            tally.check(new ControlCheck(label(s, tally) + ": opening + entries = closing",
                                    closing.toString(), "no readable opening balance", false));
                        } else if (!closing.sameCurrency(s.opening)) {
                            tally.check(new ControlCheck(label(s, tally) + ": opening + entries = closing",
                                    closing.toString(), "opening in " + s.opening.currencyCode(), false));
                        } else {
                            Money computed = new Money(s.opening.minorUnits() + s.entriesSum, s.opening.currency());
                            tally.check(ControlCheck.of(label(s, tally) + ": opening + entries = closing", closing, computed));
                            if (s.account != null) {
                                lastClosingByAccount.put(s.account, closing);
                            }
                        }
                    }
                    default -> {
                        // :21:, :13D:, :64:, :65: and bank-specific tags carry nothing we reconcile
                    }
                }
            }
            if (pending != null) {
                entry(st, pending, null, tally, currencies, channel);
            }
            finish(st, tally, lastClosingByAccount, lines.lineNumber());
            if (reader.tagsSeen() == 0) {
                throw new ParseException(source.name(), 1, "not a SWIFT " + format.toUpperCase() + " file: no :NN: tags found");
            }
        }
        return tally.result();
    }

    private static Statement current(Statement st) {
        return st != null ? st : new Statement();
    }

    private String label(Statement s, ParseTally tally) {
        return format + " statement " + (s.number == null ? "?" : s.number) + " account "
                + (s.account == null ? "?" : s.account);
    }

    private void finish(Statement s, ParseTally tally, Map<String, Money> lastClosing, long line) {
        if (s == null) {
            return;
        }
        if (s.control90D != null) {
            control90(s, tally, "90D", s.control90D, s.debitCount, s.debitSum);
        }
        if (s.control90C != null) {
            control90(s, tally, "90C", s.control90C, s.creditCount, s.creditSum);
        }
        if (format.equals("mt940") && s.sawEntryOrBalance && !s.closed) {
            tally.check(new ControlCheck(label(s, tally) + ": closing balance :62F:/:62M: present", "present",
                    "missing (statement ends at line " + line + ")", false));
        }
    }

    private void control90(Statement s, ParseTally tally, String tag, String[] c, long count, long sum) {
        String name = label(s, tally) + ": :" + tag + ": number and sum of " + (tag.equals("90D") ? "debits" : "credits");
        if (c.length != 3 || s.currency == null) {
            tally.check(new ControlCheck(name, "readable :" + tag + ":", "unreadable", false));
            return;
        }
        Currency currency = s.currency;
        String actual = count + " " + new Money(sum, currency);
        String expected;
        try {
            expected = Long.parseLong(c[0]) + " " + DecimalAmount.toMoney(c[2], Money.currency(c[1]), ',');
        } catch (IllegalArgumentException e) {
            tally.check(new ControlCheck(name, "readable :" + tag + ":", e.getMessage(), false));
            return;
        }
        tally.check(new ControlCheck(name, expected, actual, expected.equals(actual)));
    }

    /** "3EUR100,00" -> {"3", "EUR", "100,00"}. */
    private static String[] control90(String value) {
        String v = value.strip();
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i == 0 || v.length() < i + 4) {
            return new String[0];
        }
        return new String[] {v.substring(0, i), v.substring(i, i + 3), v.substring(i + 3)};
    }

    private static Currency currencyPrefix(String value, CurrencyCodes currencies) {
        String v = value.strip();
        if (v.length() < 3) {
            return null;
        }
        try {
            return currencies.lookup(v.substring(0, 3));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** "C110522EUR3236,28" -> signed Money, or null when unreadable. */
    private static Money balance(String value, CurrencyCodes currencies) {
        String v = value.strip();
        if (v.length() < 11) {
            return null;
        }
        char mark = v.charAt(0);
        if ((mark != 'C' && mark != 'D') || parseDate(v.substring(1, 7)) == null) {
            return null;
        }
        try {
            Currency currency = currencies.lookup(v.substring(7, 10));
            Money amount = DecimalAmount.toMoney(v.substring(10), currency, ',');
            if (amount.isNegative()) {
                return null;
            }
            return mark == 'D' ? amount.negate() : amount;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void entry(Statement st, PendingEntry pending, String info, ParseTally tally, CurrencyCodes currencies,
            String channel) throws IOException {
        tally.rowRead();
        String raw = ":61:" + pending.value() + (info == null ? "" : "\n:86:" + info);
        Statement s = current(st);
        String problem;
        String field = "61";
        try {
            if (s.currency == null) {
                throw new IllegalArgumentException("no currency: :61: before any :60F:/:60M: or :34F:");
            }
            Field61 f = new Field61(pending.value());
            LocalDate valueDate = parseDate(f.getValueDate());
            if (valueDate == null) {
                throw new IllegalArgumentException("value date '" + f.getValueDate() + "' is not yyMMdd");
            }
            String mark = f.getDebitCreditMark();
            int sign = switch (mark == null ? "" : mark) {
                case "C", "RD" -> 1;
                case "D", "RC" -> -1;
                default -> throw new IllegalArgumentException("debit/credit mark '" + mark + "' is not C, D, RC or RD");
            };
            if (f.getAmount() == null || f.getAmount().isEmpty()) {
                throw new IllegalArgumentException("amount is missing");
            }
            long minor = DecimalAmount.toMinorUnits(f.getAmount(), s.currency.getDefaultFractionDigits(), ',');
            if (minor < 0) {
                throw new IllegalArgumentException("amount '" + f.getAmount() + "' is signed; the mark carries the direction");
            }
            LocalDate bookingDate = entryDate(valueDate, f.getEntryDate());
            long signed = sign * minor;
            s.entriesSum += signed;
            if (sign < 0) {
                s.debitCount++;
                s.debitSum += minor;
            } else {
                s.creditCount++;
                s.creditSum += minor;
            }
            String type = (f.getTransactionType() == null ? "" : f.getTransactionType())
                    + (f.getIdentificationCode() == null ? "" : f.getIdentificationCode());
            String ownerRef = blankToNull(f.getReferenceForTheAccountOwner());
            if ("NONREF".equals(ownerRef)) {
                ownerRef = null;
            }
            String description = info == null ? null : CardNumberMasker.mask(joinInfo(info));
            String supplementary = blankToNull(f.getSupplementaryDetails());
            if (supplementary != null) {
                description = description == null ? supplementary : supplementary + "\n" + description;
            }
            tally.emit(new SettlementRecord(channel, type.isEmpty() ? "MT" : type, RecordCategory.BANK_ENTRY, ownerRef,
                    blankToNull(f.getReferenceOfTheAccountServicingInstitution()), MerchantRefs.endToEnd(description),
                    s.account, null, new Money(signed, s.currency), null, null, bookingDate, null, valueDate,
                    null, description, SourceLocation.ofFile(tally.file(), pending.line()),
                    options.keepRawLines() ? CardNumberMasker.mask(raw) : null));
            return;
        } catch (IllegalArgumentException | DateTimeException | IndexOutOfBoundsException e) {
            // Prowide throws runtime exceptions on garbage subfields; the row is quarantined, not the file
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        tally.quarantine(pending.line(), field, problem, raw);
    }

    private static String joinInfo(String info) {
        StringBuilder sb = new StringBuilder(info.length());
        for (String l : info.split("\n", -1)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(l.stripTrailing());
        }
        return sb.toString();
    }

    private static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    static LocalDate parseDate(String yymmdd) {
        if (yymmdd == null || yymmdd.length() != 6) {
            return null;
        }
        for (int i = 0; i < 6; i++) {
            if (!Character.isDigit(yymmdd.charAt(i))) {
                return null;
            }
        }
        int yy = Integer.parseInt(yymmdd.substring(0, 2));
        int year = yy < 80 ? 2000 + yy : 1900 + yy;
        try {
            return LocalDate.of(year, Integer.parseInt(yymmdd.substring(2, 4)), Integer.parseInt(yymmdd.substring(4, 6)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    static LocalDate entryDate(LocalDate valueDate, String mmdd) {
        if (mmdd == null || mmdd.length() != 4) {
            return valueDate;
        }
        int month;
        int day;
        try {
            month = Integer.parseInt(mmdd.substring(0, 2));
            day = Integer.parseInt(mmdd.substring(2, 4));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("entry date '" + mmdd + "' is not MMdd");
        }
        int year = valueDate.getYear();
        if (valueDate.getMonthValue() == 12 && month == 1) {
            year++;
        } else if (valueDate.getMonthValue() == 1 && month == 12) {
            year--;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("entry date '" + mmdd + "' is not a date");
        }
    }
}
