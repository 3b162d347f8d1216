package dev.recon.parsers.nacha;

import dev.recon.core.money.Money;
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
import dev.recon.parsers.text.DecodedInput;
import dev.recon.parsers.text.NumberedLineReader;
import dev.recon.core.security.CardNumberMasker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * NACHA ACH files as an ODFI receives them back: returns (addenda 99, R-codes, including dishonored
 * R61-R69 and contested R71-R77) and notifications of change (addenda 98, C-codes). One
 * {@link RecordCategory#BANK_RETURN} record per entry (6 record with its addenda), amounts in USD.
 *
 * <p>Sign, from the originator's (our) side: the return of a credit we sent (transaction code
 * ending 1, e.g. 21) gives the money back (+); the return of a debit we collected (ending 6) takes
 * it back (-); other credit codes (x2-x4) are money out (-), debit codes (x7-x9) money in (+). The
 * record type is the reason code (R01, C01...) or "ACH nn" without addenda.
 *
 * <p>Controls: per batch (8 record) and file (9 record) entry/addenda count, entry hash (sum of the
 * 8-digit RDFI routing numbers, rightmost 10 digits), total debit and credit amounts (by NACHA's
 * own code ranges: last digit 1-4 credit, 5-9 debit); file batch count and block count (records /
 * 10, rounded up; 9...9 padding lines are counted as records).
 */
public final class NachaReturnParser implements SettlementFileParser {

    public static final String FORMAT = "nacha";
    private static final int RECORD = 94;

    private final ParseOptions options;

    public NachaReturnParser(ParseOptions options) {
        this.options = options;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** Running totals of a batch or the file. */
    private static final class Totals {
        long entriesAndAddenda;
        long hash;
        long debit;
        long credit;

        void add(Totals t) {
            entriesAndAddenda += t.entriesAndAddenda;
            hash += t.hash;
            debit += t.debit;
            credit += t.credit;
        }
    }

    /** A 6 record waiting for its addenda. */
    private static final class Pending {
        String entry;
        long line;
        String addenda;
    }

    @Override
    public ParseResult parse(InputSource source, RecordSink sink) throws ParseException, IOException {
        ParseTally tally = new ParseTally(FORMAT, source.name(), sink);
        String channel = options.channelOr("ach");
        Totals batch = new Totals();
        Totals file = new Totals();
        long batches = 0;
        long physicalRecords = 0;
        String batchNumber = null;
        LocalDate effective = null;
        Pending pending = null;
        boolean sawHeader = false;
        boolean sawFileControl = false;
        try (NumberedLineReader lines = new NumberedLineReader(DecodedInput.open(source, StandardCharsets.US_ASCII), 4096)) {
            String line;
            while ((line = lines.next()) != null) {
                long no = lines.lineNumber();
                if (line.isBlank()) {
                    continue;
                }
                physicalRecords++;
                if (!sawHeader) {
                    if (!line.startsWith("1") || line.length() < 40) {
                        throw new ParseException(source.name(), no, "not a NACHA file: the first record is not a file header (type 1)");
                    }
                    sawHeader = true;
                    continue;
                }
                char type = line.charAt(0);
                if (type != '7' && pending != null) {
                    emit(pending, tally, channel, batchNumber, effective);
                    pending = null;
                }
                String rec = pad(line);
                switch (type) {
                    case '5' -> {
                        batch = new Totals();
                        batchNumber = rec.substring(87, 94).strip();
                        effective = yymmdd(rec.substring(69, 75));
                    }
                    case '6' -> {
                        tally.rowRead();
                        batch.entriesAndAddenda++;
                        pending = new Pending();
                        pending.entry = rec;
                        pending.line = no;
                        Long routing = digits(rec.substring(3, 11));
                        Long amount = digits(rec.substring(29, 39));
                        Integer code = code(rec);
                        if (routing != null) {
                            batch.hash += routing;
                        }
                        if (amount != null && code != null) {
                            if (code % 10 >= 1 && code % 10 <= 4) {
                                batch.credit += amount;
                            } else {
                                batch.debit += amount;
                            }
                        }
                    }
                    case '7' -> {
                        batch.entriesAndAddenda++;
                        if (pending != null && pending.addenda == null) {
                            pending.addenda = rec;
                        }
                    }
                    case '8' -> {
                        String name = "nacha batch " + (batchNumber == null ? "?" : batchNumber);
                        control(tally, name + ": entry/addenda count", rec.substring(4, 10), batch.entriesAndAddenda);
                        control(tally, name + ": entry hash", rec.substring(10, 20), batch.hash % 10_000_000_000L);
                        control(tally, name + ": total debit", rec.substring(20, 32), batch.debit);
                        control(tally, name + ": total credit", rec.substring(32, 44), batch.credit);
                        file.add(batch);
                        batches++;
                        batch = new Totals();
                    }
                    case '9' -> {
                        if (rec.chars().allMatch(c -> c == '9')) {
                            continue; // blocking filler
                        }
                        sawFileControl = true;
                        control(tally, "nacha file: batch count", rec.substring(1, 7), batches);
                        control(tally, "nacha file: entry/addenda count", rec.substring(13, 21), file.entriesAndAddenda);
                        control(tally, "nacha file: entry hash", rec.substring(21, 31), file.hash % 10_000_000_000L);
                        control(tally, "nacha file: total debit", rec.substring(31, 43), file.debit);
                        control(tally, "nacha file: total credit", rec.substring(43, 55), file.credit);
                        // block count is checked at the end, when every record (and filler) has been seen
                        pendingBlockCount = rec.substring(7, 13);
                    }
                    default -> {
                        tally.rowRead();
                        tally.quarantine(no, "record type", "record type '" + type + "' is not 1, 5, 6, 7, 8 or 9",
                                CardNumberMasker.mask(line));
                    }
                }
            }
            if (pending != null) {
                emit(pending, tally, channel, batchNumber, effective);
            }
        }
        if (!sawHeader) {
            throw new ParseException(source.name(), 1, "not a NACHA file: empty");
        }
        if (!sawFileControl) {
            tally.check(new ControlCheck("nacha file: file control record (9) present", "present", "missing", false));
        } else {
            control(tally, "nacha file: block count", pendingBlockCount, (physicalRecords + 9) / 10);
        }
        pendingBlockCount = null;
        return tally.result();
    }

    private String pendingBlockCount;

    private static void control(ParseTally tally, String name, String expectedText, long actual) {
        Long expected = digits(expectedText);
        tally.check(new ControlCheck(name, expected == null ? "'" + expectedText.strip() + "'" : Long.toString(expected),
                Long.toString(actual), expected != null && expected == actual));
    }

    private void emit(Pending p, ParseTally tally, String channel, String batchNumber, LocalDate effective)
            throws IOException {
        String e = p.entry;
        String raw = CardNumberMasker.mask(e + (p.addenda == null ? "" : "\n" + p.addenda.stripTrailing()));
        Integer code = code(e);
        if (code == null) {
            tally.quarantine(p.line, "transaction code", "transaction code '" + e.substring(1, 3) + "' is not numeric", raw);
            return;
        }
        Long amount = digits(e.substring(29, 39));
        if (amount == null) {
            tally.quarantine(p.line, "amount", "amount '" + e.substring(29, 39) + "' is not 10 digits", raw);
            return;
        }
        int last = code % 10;
        long signed = last == 1 ? amount : last == 6 ? -amount : last <= 4 ? -amount : amount;
        String recordType = "ACH " + code;
        String originalTrace = null;
        String description = e.substring(54, 76).strip();
        if (p.addenda != null) {
            String a = p.addenda;
            String addendaType = a.substring(1, 3);
            if (addendaType.equals("99") || addendaType.equals("98")) {
                recordType = a.substring(3, 6).strip();
                originalTrace = a.substring(6, 21).strip();
                String info = addendaType.equals("98") ? "corrected data " + a.substring(35, 64).strip()
                        : a.substring(35, 79).strip();
                description = description + (info.isEmpty() ? "" : " | " + info);
            }
        }
        tally.emit(new SettlementRecord(channel, recordType, RecordCategory.BANK_RETURN, blankToNull(originalTrace),
                blankToNull(e.substring(79, 94).strip()), blankToNull(e.substring(39, 54).strip()), null, null,
                Money.ofMinor(signed, "USD"), null, null, effective, null, null, batchNumber,
                CardNumberMasker.mask(blankToNull(description)), SourceLocation.ofFile(tally.file(), p.line),
                options.keepRawLines() ? raw : null));
    }

    private static Integer code(String entry) {
        Long c = digits(entry.substring(1, 3));
        return c == null ? null : c.intValue();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String pad(String line) {
        if (line.length() >= RECORD) {
            return line;
        }
        return line + " ".repeat(RECORD - line.length());
    }

    private static Long digits(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 18) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return null;
            }
        }
        return Long.parseLong(t);
    }

    private static LocalDate yymmdd(String s) {
        Long v = digits(s);
        if (v == null || s.strip().length() != 6) {
            return null;
        }
        try {
            return LocalDate.of(2000 + Integer.parseInt(s.substring(0, 2)), Integer.parseInt(s.substring(2, 4)),
                    Integer.parseInt(s.substring(4, 6)));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
