package dev.recon.parsers.bai2;

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
import dev.recon.parsers.text.DecodedInput;
import dev.recon.parsers.text.NumberedLineReader;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;

/**
 * BAI2 cash management balance reports: every 16 (transaction detail) record becomes a
 * {@link RecordCategory#BANK_ENTRY}, signed by its type code (101-399 credit, 401-699 debit); other
 * type codes on a 16 (loans 700-799, custom 900-999) have no defined direction and are quarantined
 * with that reason rather than guessed.
 *
 * <p>Reading, in this order: physical lines are split where several records share one line
 * ({@code .../ 16,...}); a line that does not start with a record code continues the previous
 * record (a text field broken across lines); an 88 record continues the previous record (more
 * summary groups for an 03, more text for a 16, key:value lines in Goldman-style files); then each
 * logical record is tokenised. A 16's text runs to the end of the record and may contain commas
 * and slashes; a missing final '/' is accepted. Amounts have implied decimals from the account's
 * currency (03), else the group's (02), else USD.
 *
 * <p>Controls (BAI2 spec): 49 total = algebraic sum of the 03 amounts and the 16 amounts since the
 * 03 (funds-type distribution amounts excluded), 49 record count = 03 + 16 + 88 + 49 records; 98
 * total = sum of its 49 totals, number of accounts, record count (02..98); 99 likewise over groups
 * (01..99).
 */
public final class Bai2Parser implements SettlementFileParser {

    public static final String FORMAT = "bai2";
    private static final Pattern RECORD_SPLIT = Pattern.compile("/\\s+(?=\\d{2},)");
    private static final Pattern RECORD_START = Pattern.compile("^\\d{2},.*", Pattern.DOTALL);

    private final ParseOptions options;

    public Bai2Parser(ParseOptions options) {
        this.options = options;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** One logical record: physical records merged (88s and broken lines), with its first line number. */
    private record Logical(String text, long line, int physicalRecords) {
    }

    /** Parse state across records. */
    private final class State {
        final ParseTally tally;
        final String channel;
        final CurrencyCodes currencies = new CurrencyCodes();
        long fileRecords;
        long groupRecords;
        long accountRecords;
        long groups;
        long accounts;
        long groupTotal;
        long fileTotal;
        long accountSum;
        String groupCurrency;
        LocalDate asOf;
        String account;
        Currency currency;
        boolean inAccount;

        State(ParseTally tally, String channel) {
            this.tally = tally;
            this.channel = channel;
        }
    }

    @Override
    public ParseResult parse(InputSource source, RecordSink sink) throws ParseException, IOException {
        ParseTally tally = new ParseTally(FORMAT, source.name(), sink);
        State s = new State(tally, options.channelOr("bank"));
        boolean first = true;
        try (NumberedLineReader lines = new NumberedLineReader(DecodedInput.open(source, options.charset()), 1 << 16)) {
            String pendingText = null;
            long pendingLine = 0;
            int pendingPhysical = 0;
            String line;
            while ((line = lines.next()) != null) {
                long no = lines.lineNumber();
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (first) {
                    if (!trimmed.startsWith("01,")) {
                        throw new ParseException(source.name(), no, "not a BAI2 file: the first record is not a file header (01)");
                    }
                    first = false;
                }
                for (String piece : RECORD_SPLIT.split(trimmed)) {
                    piece = piece.strip();
                    if (piece.isEmpty()) {
                        continue;
                    }
                    boolean starts = RECORD_START.matcher(piece).matches();
                    boolean continuation = piece.startsWith("88,");
                    if (!starts && pendingText != null) {
                        pendingText = joinText(pendingText, piece);
                        continue; // a broken line: not a record of its own
                    }
                    if (continuation && pendingText != null) {
                        pendingText = joinContinuation(pendingText, piece.substring(3));
                        pendingPhysical++;
                        continue;
                    }
                    if (pendingText != null) {
                        record(s, new Logical(pendingText, pendingLine, pendingPhysical));
                    }
                    pendingText = piece;
                    pendingLine = no;
                    pendingPhysical = 1;
                }
            }
            if (pendingText != null) {
                record(s, new Logical(pendingText, pendingLine, pendingPhysical));
            }
        }
        if (first) {
            throw new ParseException(source.name(), 1, "not a BAI2 file: empty");
        }
        return tally.result();
    }

    private static String joinText(String previous, String more) {
        return stripSlash(previous) + " " + more;
    }

    private static String joinContinuation(String previous, String more) {
        String p = stripSlash(previous);
        if (p.startsWith("16,")) {
            return p + " " + stripSlash(more).strip();
        }
        return p + "," + more;
    }

    private static String stripSlash(String s) {
        String t = s.stripTrailing();
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    private void record(State s, Logical r) throws IOException {
        String body = stripSlash(r.text());
        String code = body.length() >= 2 ? body.substring(0, 2) : body;
        s.fileRecords += r.physicalRecords();
        s.groupRecords += r.physicalRecords();
        s.accountRecords += r.physicalRecords();
        switch (code) {
            case "01" -> {
                // header: sender, receiver, date, time, file id... nothing to reconcile
            }
            case "02" -> {
                String[] f = body.split(",", -1);
                s.groupRecords = r.physicalRecords();
                s.groups++;
                s.accounts = 0;
                s.groupTotal = 0;
                s.groupCurrency = f.length > 6 && !f[6].isBlank() ? f[6].strip() : null;
                s.asOf = f.length > 4 ? yymmdd(f[4]) : null;
            }
            case "03" -> {
                String[] f = body.split(",", -1);
                s.accountRecords = r.physicalRecords();
                s.accounts++;
                s.inAccount = true;
                s.account = f.length > 1 ? f[1].strip() : null;
                s.currency = currency(s, f.length > 2 ? f[2] : "");
                s.accountSum = 0;
                // groups: type code, amount, item count, funds type [+ funds-type fields]
                int i = 3;
                while (i < f.length) {
                    String amount = i + 1 < f.length ? f[i + 1] : "";
                    s.accountSum += amount(amount);
                    String funds = i + 3 < f.length ? f[i + 3].strip() : "";
                    i += 4 + fundsExtra(f, i + 4, funds);
                }
            }
            case "16" -> detail(s, r, body);
            case "49" -> {
                String[] f = body.split(",", -1);
                String name = "bai2 account " + (s.account == null ? "?" : s.account);
                long written = f.length > 1 ? amount(f[1]) : 0;
                check(s, name + ": 49 control total", f.length > 1 ? f[1] : "", s.accountSum);
                check(s, name + ": 49 record count", f.length > 2 ? f[2] : "", s.accountRecords);
                s.groupTotal += f.length > 1 && isNumber(f[1]) ? written : s.accountSum;
                s.inAccount = false;
            }
            case "98" -> {
                String[] f = body.split(",", -1);
                check(s, "bai2 group " + s.groups + ": 98 control total", f.length > 1 ? f[1] : "", s.groupTotal);
                check(s, "bai2 group " + s.groups + ": 98 number of accounts", f.length > 2 ? f[2] : "", s.accounts);
                check(s, "bai2 group " + s.groups + ": 98 record count", f.length > 3 ? f[3] : "", s.groupRecords);
                s.fileTotal += f.length > 1 && isNumber(f[1]) ? amount(f[1]) : s.groupTotal;
            }
            case "99" -> {
                String[] f = body.split(",", -1);
                check(s, "bai2 file: 99 control total", f.length > 1 ? f[1] : "", s.fileTotal);
                check(s, "bai2 file: 99 number of groups", f.length > 2 ? f[2] : "", s.groups);
                check(s, "bai2 file: 99 record count", f.length > 3 ? f[3] : "", s.fileRecords);
            }
            default -> {
                s.tally.rowRead();
                s.tally.quarantine(r.line(), "record code", "record code '" + code + "' is not 01, 02, 03, 16, 49, 88, 98 or 99",
                        CardNumberMasker.mask(r.text()));
            }
        }
    }

    private void detail(State s, Logical r, String body) throws IOException {
        s.tally.rowRead();
        String raw = CardNumberMasker.mask(r.text());
        String[] f = body.split(",", -1);
        try {
            if (f.length < 3) {
                throw new IllegalArgumentException("16 record has " + f.length + " fields, needs type code and amount");
            }
            int type = Integer.parseInt(f[1].strip());
            long amount = parseUnsigned(f[2]);
            s.accountSum += amount;
            int sign;
            if (type >= 101 && type <= 399) {
                sign = 1;
            } else if (type >= 401 && type <= 699) {
                sign = -1;
            } else {
                throw new IllegalArgumentException("type code " + type + " has no credit/debit direction in BAI2");
            }
            String funds = f.length > 3 ? f[3].strip() : "";
            int i = 4;
            LocalDate valueDate = null;
            if (funds.equals("V") && f.length > 4) {
                valueDate = yymmdd(f[4]);
            }
            i += fundsExtra(f, 4, funds);
            String bankRef = i < f.length ? f[i].strip() : "";
            String customerRef = i + 1 < f.length ? f[i + 1].strip() : "";
            StringBuilder text = new StringBuilder();
            for (int k = i + 2; k < f.length; k++) {
                if (k > i + 2) {
                    text.append(',');
                }
                text.append(f[k]);
            }
            String description = text.toString().strip();
            if (s.currency == null) {
                throw new IllegalArgumentException("no currency for the account");
            }
            Money net = new Money(sign * scale(amount, s.currency), s.currency);
            s.tally.emit(new SettlementRecord(s.channel, "BAI " + type, RecordCategory.BANK_ENTRY, blank(customerRef),
                    blank(bankRef), eref(description), s.account, null, net, null, null, s.asOf, null, valueDate, null,
                    blank(CardNumberMasker.mask(description)), SourceLocation.ofFile(s.tally.file(), r.line()),
                    options.keepRawLines() ? raw : null));
            return;
        } catch (IllegalArgumentException | ArithmeticException e) {
            s.tally.quarantine(r.line(), "16", e.getMessage(), raw);
        }
    }

    /** The implied-decimal amount is already in minor units for currencies with 2 decimals; adjust others. */
    private static long scale(long amount, Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        if (digits == 2) {
            return amount;
        }
        if (digits > 2) {
            return Math.multiplyExact(amount, (long) Math.pow(10, digits - 2));
        }
        long divisor = (long) Math.pow(10, 2 - digits);
        if (amount % divisor != 0) {
            throw new IllegalArgumentException("amount " + amount + " has cents but " + currency + " has " + digits + " decimals");
        }
        return amount / divisor;
    }

    private static String eref(String text) {
        int i = text.indexOf("EREF:");
        if (i < 0) {
            return null;
        }
        String rest = text.substring(i + 5).strip();
        int end = rest.indexOf(' ');
        String ref = end < 0 ? rest : rest.substring(0, end);
        return ref.isEmpty() ? null : ref;
    }

    /** Number of extra fields a funds type brings (S: 3 amounts, V: date+time, D: n + n pairs). */
    private static int fundsExtra(String[] f, int at, String funds) {
        switch (funds) {
            case "S" -> {
                return 3;
            }
            case "V" -> {
                return 2;
            }
            case "D" -> {
                if (at < f.length && isNumber(f[at])) {
                    return 1 + 2 * Integer.parseInt(f[at].strip());
                }
                return 1;
            }
            default -> {
                return 0;
            }
        }
    }

    private Currency currency(State s, String code) {
        String c = code.strip().isEmpty() ? s.groupCurrency : code.strip();
        try {
            return s.currencies.lookup(c == null ? "USD" : c);
        } catch (IllegalArgumentException e) {
            return null; // 16 records of this account are quarantined with "no currency"
        }
    }

    private static void check(State s, String name, String expected, long actual) {
        String e = expected.strip();
        boolean numeric = isNumber(e);
        long value = numeric ? amount(e) : 0;
        s.tally.check(new ControlCheck(name, numeric ? Long.toString(value) : "'" + e + "'", Long.toString(actual),
                numeric && value == actual));
    }

    private static boolean isNumber(String s) {
        String t = s.strip();
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        if (t.isEmpty() || t.length() > 18) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Signed amount (status amounts carry + or -); blank and unreadable count as zero in sums. */
    private static long amount(String s) {
        return isNumber(s) ? Long.parseLong(s.strip().startsWith("+") ? s.strip().substring(1) : s.strip()) : 0;
    }

    private static long parseUnsigned(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return 0;
        }
        if (!isNumber(t) || t.startsWith("-") || t.startsWith("+")) {
            throw new IllegalArgumentException("amount '" + t + "' is not an unsigned number");
        }
        return Long.parseLong(t);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static LocalDate yymmdd(String s) {
        String t = s.strip();
        if (t.length() != 6 || !isNumber(t)) {
            return null;
        }
        try {
            return LocalDate.of(2000 + Integer.parseInt(t.substring(0, 2)), Integer.parseInt(t.substring(2, 4)),
                    Integer.parseInt(t.substring(4, 6)));
        } catch (DateTimeException e) {
            return null;
        }
    }

}
