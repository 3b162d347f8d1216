package dev.recon.parsers.camt;

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
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * ISO 20022 camt.053 (statement; camt.052 reports are read the same way) and camt.054
 * (debit/credit notification), any version .001.02 to .001.13: element names are stable across
 * versions, so one StAX pass reads them all by local name. DTDs and external entities are disabled
 * (XXE-safe); a byte-order mark is handled by the XML parser.
 *
 * <p>One record per {@code Ntry}: the booked cash movement, which is what a PSP payout or a SEPA
 * batch is matched against. A batch booking's {@code TxDtls} are not emitted one by one (their
 * amounts are often absent or in another currency); they are counted and summed for the batch
 * control, and the first one's references fill the record when there is exactly one. Net is signed
 * by {@code CdtDbtInd} (which, for {@code RvslInd=true}, is already the direction of the reversal).
 * Entries with a status other than BOOK are emitted with the status appended to the record type
 * and left out of the balance check.
 *
 * <p>Controls per statement/notification: OPBD (or PRCD) + booked entries = CLBD; TxsSummry entry
 * counts and sums (total, credits, debits); per batch entry: {@code Btch/NbOfTxs} = number of
 * TxDtls and the TxDtls sum = {@code Btch/TtlAmt} when both are in one currency.
 */
public final class CamtParser implements SettlementFileParser {

    private static final int MAX_DEPTH = 64;
    private static final int MAX_TEXT = 16 * 1024;

    private final String format;
    private final ParseOptions options;

    public CamtParser(String format, ParseOptions options) {
        this.format = format;
        this.options = options;
    }

    @Override
    public String format() {
        return format;
    }

    private static final class Statement {
        String id;
        String account;
        Money opening;
        Money closing;
        long bookedSum;
        Currency bookedCurrency;
        boolean mixedCurrencies;
        long entries;
        long credits;
        long debits;
        long creditSum;
        long debitSum;
        long absSum;
        String summaryCount;
        String summarySum;
        String summaryCreditCount;
        String summaryCreditSum;
        String summaryDebitCount;
        String summaryDebitSum;
    }

    private static final class Entry {
        long line;
        String amount;
        String currency;
        String creditDebit;
        boolean reversal;
        String status;
        String bookingDate;
        String valueDate;
        String bankRef;
        String entryRef;
        String domain;
        String family;
        String subFamily;
        String proprietary;
        String info;
        int txDetails;
        String endToEnd;
        String instrId;
        String txId;
        String pmtInfId;
        String remittance;
        String returnReason;
        String batchCount;
        String batchTotal;
        String batchCurrency;
        String batchPmtInfId;
        long txSum;
        String txCurrency;
        boolean txAmountsComplete = true;
        boolean txMixed;
        int txAmountTakenFor;
        int txWithAmount;
    }

    private static final class Balance {
        String code;
        String amount;
        String currency;
        String creditDebit;
    }

    @Override
    public ParseResult parse(InputSource source, RecordSink sink) throws ParseException, IOException {
        ParseTally tally = new ParseTally(format, source.name(), sink);
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        CurrencyCodes currencies = new CurrencyCodes();
        String channel = options.channelOr("bank");
        List<String> stack = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Statement st = null;
        Entry entry = null;
        Balance bal = null;
        String ccyAttr = null;
        boolean sawRoot = false;
        XMLStreamReader xml = null;
        try (InputStream in = source.open()) {
            xml = factory.createXMLStreamReader(in);
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = xml.getLocalName();
                    if (!sawRoot) {
                        sawRoot = true;
                        String ns = xml.getNamespaceURI();
                        if (!"Document".equals(name) || ns == null || !ns.contains("camt.05")) {
                            throw new ParseException(source.name(), xml.getLocation().getLineNumber(),
                                    "not an ISO 20022 camt.05x document: root element <" + name + "> in namespace '" + ns + "'");
                        }
                        if (!ns.contains(format.equals("camt054") ? "camt.054" : "camt.05")) {
                            throw new ParseException(source.name(), xml.getLocation().getLineNumber(),
                                    "namespace '" + ns + "' is not " + format);
                        }
                    }
                    if (stack.size() >= MAX_DEPTH) {
                        throw new ParseException(source.name(), xml.getLocation().getLineNumber(),
                                "XML nested deeper than " + MAX_DEPTH + " elements: not a camt document");
                    }
                    stack.add(name);
                    text.setLength(0);
                    ccyAttr = xml.getAttributeValue(null, "Ccy");
                    switch (name) {
                        case "Stmt", "Ntfctn", "Rpt" -> st = new Statement();
                        case "Ntry" -> {
                            entry = new Entry();
                            entry.line = xml.getLocation().getLineNumber();
                        }
                        case "Bal" -> bal = new Balance();
                        case "TxDtls" -> {
                            if (entry != null) {
                                entry.txDetails++;
                            }
                        }
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (text.length() < MAX_TEXT) {
                        text.append(xml.getText(), 0, Math.min(xml.getTextLength(), MAX_TEXT - text.length()));
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = stack.remove(stack.size() - 1);
                    String parent = stack.isEmpty() ? "" : stack.get(stack.size() - 1);
                    String value = text.toString().strip();
                    text.setLength(0);
                    if (bal != null && stack.contains("Bal")) {
                        switch (name) {
                            case "Cd" -> {
                                if (stack.contains("Tp") && bal.code == null) {
                                    bal.code = value;
                                }
                            }
                            case "Amt" -> {
                                if (parent.equals("Bal")) {
                                    bal.amount = value;
                                    bal.currency = ccyAttr;
                                }
                            }
                            case "CdtDbtInd" -> {
                                if (parent.equals("Bal")) {
                                    bal.creditDebit = value;
                                }
                            }
                            default -> {
                            }
                        }
                    } else if (name.equals("Bal") && st != null && bal != null) {
                        balance(st, bal, currencies, tally, xml.getLocation().getLineNumber());
                        bal = null;
                    } else if (entry != null && (stack.contains("Ntry") || name.equals("Ntry"))) {
                        if (name.equals("Ntry")) {
                            if (st == null) {
                                st = new Statement();
                            }
                            emit(st, entry, tally, currencies, channel);
                            entry = null;
                        } else {
                            entryField(entry, name, parent, stack, value, ccyAttr, currencies);
                        }
                    } else if (st != null && stack.contains("TxsSummry")) {
                        summaryField(st, name, parent, value);
                    } else if (st != null && parent.equals("Stmt") || parent.equals("Ntfctn") || parent.equals("Rpt")) {
                        if (name.equals("Id") && st != null) {
                            st.id = value;
                        }
                    } else if (st != null && stack.contains("Acct") && !stack.contains("Ntry")
                            && (name.equals("IBAN") || name.equals("Id") && parent.equals("Othr")) && st.account == null) {
                        st.account = value;
                    }
                    if ((name.equals("Stmt") || name.equals("Ntfctn") || name.equals("Rpt")) && st != null) {
                        finish(st, tally, name);
                        st = null;
                    }
                    ccyAttr = null;
                }
            }
        } catch (XMLStreamException e) {
            long line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNumber());
            throw new ParseException(source.name(), line, "not well-formed XML: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            // the JDK's StAX implementation reports some malformed input as unchecked exceptions
            long line = 1;
            try {
                line = xml == null ? 1 : Math.max(1, xml.getLocation().getLineNumber());
            } catch (RuntimeException ignored) {
                // location unavailable after a reader failure: report line 1
            }
            throw new ParseException(source.name(), line, "unreadable XML: " + firstLine(String.valueOf(e.getMessage())), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // closing a failed reader: the original error has been reported
                }
            }
        }
        if (!sawRoot) {
            throw new ParseException(source.name(), 1, "empty document: no camt root element");
        }
        return tally.result();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void entryField(Entry e, String name, String parent, List<String> stack, String value, String ccy,
            CurrencyCodes currencies) {
        boolean inTx = stack.contains("TxDtls");
        boolean inBatch = stack.contains("Btch");
        if (inBatch) {
            switch (name) {
                case "NbOfTxs" -> e.batchCount = value;
                case "TtlAmt" -> {
                    e.batchTotal = value;
                    e.batchCurrency = ccy;
                }
                case "PmtInfId" -> e.batchPmtInfId = value;
                default -> {
                }
            }
            return;
        }
        if (inTx) {
            boolean first = e.txDetails == 1;
            switch (name) {
                case "EndToEndId" -> e.endToEnd = first ? value : e.endToEnd;
                case "InstrId" -> e.instrId = first ? value : e.instrId;
                case "TxId" -> e.txId = first ? value : e.txId;
                case "PmtInfId" -> e.pmtInfId = first ? value : e.pmtInfId;
                case "Ustrd" -> {
                    if (first && (e.remittance == null || e.remittance.length() < 1024)) {
                        e.remittance = e.remittance == null ? value : e.remittance + " " + value;
                    }
                }
                case "Cd" -> {
                    if (stack.contains("RtrInf") && parent.equals("Rsn")) {
                        e.returnReason = value;
                    }
                }
                case "Amt" -> {
                    // v08+: TxDtls/Amt; v02: TxDtls/AmtDtls/TxAmt/Amt. InstdAmt / CntrValAmt are not the booked amount.
                    if ((parent.equals("TxDtls") || parent.equals("TxAmt")) && e.txAmountTakenFor != e.txDetails) {
                        // v08+ repeats the amount in TxDtls/Amt and AmtDtls/TxAmt/Amt: take one per TxDtls
                        e.txAmountTakenFor = e.txDetails;
                        e.txWithAmount++;
                        txAmount(e, value, ccy, currencies);
                    }
                }
                default -> {
                }
            }
            return;
        }
        boolean inBkTxCd = stack.contains("BkTxCd");
        switch (name) {
            case "Amt" -> {
                if (parent.equals("Ntry")) {
                    e.amount = value;
                    e.currency = ccy;
                }
            }
            case "CdtDbtInd" -> {
                if (parent.equals("Ntry")) {
                    e.creditDebit = value;
                }
            }
            case "RvslInd" -> e.reversal = "true".equals(value);
            case "Sts" -> {
                if (parent.equals("Ntry") && !value.isEmpty()) {
                    e.status = value;
                }
            }
            case "Cd" -> {
                if (parent.equals("Sts")) {
                    e.status = value;
                } else if (inBkTxCd && parent.equals("Domn")) {
                    e.domain = value;
                } else if (inBkTxCd && parent.equals("Fmly")) {
                    e.family = value;
                } else if (inBkTxCd && parent.equals("Prtry") && e.proprietary == null) {
                    e.proprietary = value;
                }
            }
            case "SubFmlyCd" -> e.subFamily = value;
            case "Dt", "DtTm" -> {
                if (parent.equals("BookgDt")) {
                    e.bookingDate = value;
                } else if (parent.equals("ValDt")) {
                    e.valueDate = value;
                }
            }
            case "AcctSvcrRef" -> {
                if (parent.equals("Ntry")) {
                    e.bankRef = value;
                }
            }
            case "NtryRef" -> e.entryRef = value;
            case "AddtlNtryInf" -> e.info = value;
            default -> {
            }
        }
    }

    private static void txAmount(Entry e, String value, String ccy, CurrencyCodes currencies) {
        try {
            Currency c = currencies.lookup(ccy);
            if (e.txCurrency == null) {
                e.txCurrency = c.getCurrencyCode();
            } else if (!e.txCurrency.equals(c.getCurrencyCode())) {
                e.txMixed = true;
                return;
            }
            e.txSum += DecimalAmount.toMinorUnits(value, c.getDefaultFractionDigits(), '.');
        } catch (IllegalArgumentException ex) {
            e.txAmountsComplete = false;
        }
    }

    private static void summaryField(Statement st, String name, String parent, String value) {
        String group = parent;
        switch (group) {
            case "TtlNtries" -> {
                if (name.equals("NbOfNtries")) {
                    st.summaryCount = value;
                } else if (name.equals("Sum")) {
                    st.summarySum = value;
                }
            }
            case "TtlCdtNtries" -> {
                if (name.equals("NbOfNtries")) {
                    st.summaryCreditCount = value;
                } else if (name.equals("Sum")) {
                    st.summaryCreditSum = value;
                }
            }
            case "TtlDbtNtries" -> {
                if (name.equals("NbOfNtries")) {
                    st.summaryDebitCount = value;
                } else if (name.equals("Sum")) {
                    st.summaryDebitSum = value;
                }
            }
            default -> {
            }
        }
    }

    private void balance(Statement st, Balance b, CurrencyCodes currencies, ParseTally tally, long line) {
        if (b.code == null) {
            return;
        }
        boolean opening = b.code.equals("OPBD") || b.code.equals("PRCD");
        boolean closing = b.code.equals("CLBD");
        if (!opening && !closing) {
            return;
        }
        try {
            Money m = DecimalAmount.toMoney(b.amount == null ? "" : b.amount, currencies.lookup(b.currency), '.');
            Money signed = switch (b.creditDebit == null ? "" : b.creditDebit) {
                case "CRDT" -> m;
                case "DBIT" -> m.negate();
                default -> throw new IllegalArgumentException("CdtDbtInd '" + b.creditDebit + "' is not CRDT or DBIT");
            };
            if (opening) {
                st.opening = signed;
            } else {
                st.closing = signed;
            }
        } catch (IllegalArgumentException e) {
            tally.check(new ControlCheck(label(st) + ": balance " + b.code + " readable", "amount, Ccy, CdtDbtInd",
                    e.getMessage() + " (line " + line + ")", false));
        }
    }

    private String label(Statement st) {
        return format + " " + (st.id == null ? "?" : st.id) + " account " + (st.account == null ? "?" : st.account);
    }

    private void emit(Statement st, Entry e, ParseTally tally, CurrencyCodes currencies, String channel) throws IOException {
        tally.rowRead();
        String raw = "Ntry " + e.creditDebit + " " + e.amount + " " + e.currency + " " + (e.bankRef == null ? "" : e.bankRef);
        String field = "Ntry/Amt";
        try {
            Currency currency = currencies.lookup(e.currency);
            long minor = DecimalAmount.toMinorUnits(e.amount == null ? "" : e.amount, currency.getDefaultFractionDigits(), '.');
            if (minor < 0) {
                throw new IllegalArgumentException("amount '" + e.amount + "' is signed; CdtDbtInd carries the direction");
            }
            field = "Ntry/CdtDbtInd";
            int sign = switch (e.creditDebit == null ? "" : e.creditDebit) {
                case "CRDT" -> 1;
                case "DBIT" -> -1;
                default -> throw new IllegalArgumentException("CdtDbtInd '" + e.creditDebit + "' is not CRDT or DBIT");
            };
            field = "Ntry/BookgDt";
            LocalDate booking = e.bookingDate == null ? null : date(e.bookingDate);
            Instant eventTime = e.bookingDate == null ? null : instant(e.bookingDate);
            field = "Ntry/ValDt";
            LocalDate value = e.valueDate == null ? null : date(e.valueDate);
            String status = e.status == null ? "BOOK" : e.status;
            String code = e.domain != null
                    ? e.domain + "/" + (e.family == null ? "" : e.family) + "/" + (e.subFamily == null ? "" : e.subFamily)
                    : e.proprietary != null ? e.proprietary : "NTRY";
            String recordType = code + (e.reversal ? " reversal" : "") + ("BOOK".equals(status) ? "" : " " + status);
            long signed = sign * minor;
            if ("BOOK".equals(status)) {
                if (st.bookedCurrency == null) {
                    st.bookedCurrency = currency;
                } else if (!st.bookedCurrency.equals(currency)) {
                    st.mixedCurrencies = true;
                }
                st.bookedSum += signed;
            }
            st.entries++;
            st.absSum += minor;
            if (sign > 0) {
                st.credits++;
                st.creditSum += minor;
            } else {
                st.debits++;
                st.debitSum += minor;
            }
            batchChecks(st, e, currency, minor, tally);
            StringBuilder description = new StringBuilder();
            appendPart(description, e.remittance);
            appendPart(description, e.info);
            if (e.returnReason != null) {
                appendPart(description, "return reason " + e.returnReason);
            }
            if (e.txDetails > 1) {
                appendPart(description, "batch of " + e.txDetails + " transactions");
            }
            String endToEnd = e.txDetails == 1 && !"NOTPROVIDED".equals(e.endToEnd) ? e.endToEnd : null;
            String channelRef = e.txDetails == 1 ? firstNonNull(e.instrId, e.txId) : null;
            String batch = firstNonNull(e.batchPmtInfId, e.txDetails == 1 ? e.pmtInfId : null);
            tally.emit(new SettlementRecord(channel, recordType, RecordCategory.BANK_ENTRY, channelRef,
                    firstNonNull(e.bankRef, e.entryRef), endToEnd, st.account, null, new Money(signed, currency), null, null,
                    booking, eventTime, value, batch,
                    description.length() == 0 ? null : CardNumberMasker.mask(description.toString()),
                    SourceLocation.ofFile(tally.file(), e.line), options.keepRawLines() ? CardNumberMasker.mask(raw) : null));
        } catch (IllegalArgumentException | DateTimeException ex) {
            tally.quarantine(e.line, field, ex.getMessage(), raw);
        }
    }

    private void batchChecks(Statement st, Entry e, Currency entryCurrency, long entryMinor, ParseTally tally) {
        if (e.batchCount != null) {
            tally.check(ControlCheck.of(label(st) + " entry line " + e.line + ": Btch/NbOfTxs = number of TxDtls",
                    e.batchCount, e.txDetails));
        }
        if (e.txDetails > 1 && e.txAmountsComplete && e.txWithAmount == e.txDetails && !e.txMixed && e.txCurrency != null) {
            Money details = Money.ofMinor(e.txSum, e.txCurrency);
            if (e.batchTotal != null && e.batchCurrency != null) {
                try {
                    Money total = DecimalAmount.toMoney(e.batchTotal, Money.currency(e.batchCurrency), '.');
                    tally.check(ControlCheck.of(label(st) + " entry line " + e.line + ": sum of TxDtls = Btch/TtlAmt",
                            total, details));
                } catch (IllegalArgumentException ex) {
                    tally.check(new ControlCheck(label(st) + " entry line " + e.line + ": Btch/TtlAmt readable",
                            e.batchTotal + " " + e.batchCurrency, ex.getMessage(), false));
                }
            } else if (e.txCurrency.equals(entryCurrency.getCurrencyCode())) {
                tally.check(ControlCheck.of(label(st) + " entry line " + e.line + ": sum of TxDtls = Ntry/Amt",
                        new Money(entryMinor, entryCurrency), details));
            }
        }
    }

    private void finish(Statement st, ParseTally tally, String element) {
        if (st.opening != null && st.closing != null) {
            String name = label(st) + ": opening + booked entries = closing";
            if (!st.opening.sameCurrency(st.closing) || st.mixedCurrencies
                    || st.bookedCurrency != null && !st.bookedCurrency.equals(st.opening.currency())) {
                tally.check(new ControlCheck(name, st.closing.toString(), "currencies differ: opening "
                        + st.opening.currencyCode() + ", entries " + (st.bookedCurrency == null ? "-"
                        : st.bookedCurrency.getCurrencyCode()) + (st.mixedCurrencies ? " (mixed)" : ""), false));
            } else {
                tally.check(ControlCheck.of(name, st.closing,
                        new Money(st.opening.minorUnits() + st.bookedSum, st.opening.currency())));
            }
        } else if (element.equals("Stmt") && (st.opening == null) != (st.closing == null)) {
            tally.check(new ControlCheck(label(st) + ": opening and closing balance present", "OPBD and CLBD",
                    st.opening == null ? "no OPBD" : "no CLBD", false));
        }
        summaryCheck(st, tally, "TtlNtries", st.summaryCount, st.summarySum, st.entries, st.absSum);
        summaryCheck(st, tally, "TtlCdtNtries", st.summaryCreditCount, st.summaryCreditSum, st.credits, st.creditSum);
        summaryCheck(st, tally, "TtlDbtNtries", st.summaryDebitCount, st.summaryDebitSum, st.debits, st.debitSum);
    }

    private void summaryCheck(Statement st, ParseTally tally, String group, String count, String sum, long actualCount,
            long actualMinor) {
        if (count != null) {
            tally.check(ControlCheck.of(label(st) + ": TxsSummry/" + group + "/NbOfNtries", count.strip(), actualCount));
        }
        if (sum != null && st.bookedCurrency != null && !st.mixedCurrencies) {
            String expected;
            try {
                expected = new Money(DecimalAmount.toMinorUnits(sum, st.bookedCurrency.getDefaultFractionDigits(), '.'),
                        st.bookedCurrency).toDecimalString();
            } catch (IllegalArgumentException e) {
                expected = sum + " (unreadable)";
            }
            tally.check(ControlCheck.of(label(st) + ": TxsSummry/" + group + "/Sum", expected,
                    new Money(actualMinor, st.bookedCurrency).toDecimalString()));
        }
    }

    private static void appendPart(StringBuilder sb, String part) {
        if (part == null || part.isEmpty()) {
            return;
        }
        if (sb.length() > 0) {
            sb.append(" | ");
        }
        sb.append(part);
    }

    private static String firstNonNull(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }

    /** Dt (yyyy-MM-dd) or DtTm (with or without offset). */
    private static LocalDate date(String s) {
        if (s.length() == 10) {
            return LocalDate.parse(s);
        }
        try {
            return OffsetDateTime.parse(s).toLocalDate();
        } catch (DateTimeException e) {
            return LocalDateTime.parse(s).toLocalDate();
        }
    }

    private static Instant instant(String s) {
        if (s.length() <= 10) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException e) {
            return null; // local date-time without offset: the date is kept, the instant is not guessed
        }
    }
}
