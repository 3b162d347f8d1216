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
 * <p>Records: a {@code TxDtls} that states its amount ({@code TxDtls/Amt}, or
 * {@code AmtDtls/TxAmt/Amt} in versions without it) becomes its own record, so a batch booking (one
 * {@code Ntry}, many {@code TxDtls}: a SEPA collection, a PSP payout) yields one record per
 * underlying transaction with its own references, remittance information, amount and direction
 * ({@code TxDtls/CdtDbtInd} where present, else the entry's); status, reversal flag, bank transaction
 * code and the booking and value dates come from the entry. An entry whose details state no amount
 * (no {@code TxDtls}, or all of them without one) stays one record with the entry amount, taking
 * the references of its {@code TxDtls} when there is exactly one. In a batch where some details
 * state an amount and others do not, the entry cannot be split: each detail without an amount is
 * quarantined and the batch control reports the gap. Records are emitted as each {@code TxDtls}
 * closes, so a batch of any size streams in constant memory (only the details without an amount
 * are held until the first one with an amount, or the end of the entry, decides what they are).
 * Net is signed by {@code CdtDbtInd} (which, for {@code RvslInd=true}, is already the direction of
 * the reversal). Entries with a status other than BOOK are emitted with the status appended to the
 * record type and left out of the balance check.
 *
 * <p>Controls per statement/notification: OPBD (or PRCD) + booked entries = CLBD; TxsSummry entry
 * counts and sums (total, credits, debits), all per entry; per entry with details:
 * {@code Btch/NbOfTxs} = number of TxDtls, and whenever a detail states an amount, the signed sum of
 * the details = {@code Ntry/Amt} (and = {@code Btch/TtlAmt} when given); a detail without a
 * readable amount, or one in another currency, makes that check fail rather than be skipped.
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
        String returnReason;
        String batchCount;
        String batchTotal;
        String batchCurrency;
        String batchCreditDebit;
        String batchPmtInfId;
        /** The TxDtls being read. */
        Tx tx;
        int txDetails;
        /** The first TxDtls (kept for its references when the entry stays one record). */
        Tx firstTx;
        /** Details without an amount, held until a detail with an amount (or the entry's end) decides. */
        List<Tx> amountless = new ArrayList<>();
        int txWithAmount;
        int txUnreadable;
        long txSum;
        String txCurrency;
        boolean txMixed;
        int txEmitted;
        Shared shared;
    }

    /** One {@code TxDtls}. */
    private static final class Tx {
        final long line;
        final int index;
        String endToEnd;
        String instrId;
        String txId;
        String pmtInfId;
        String bankRef;
        String remittance;
        String creditorRef;
        String additionalInfo;
        String returnReason;
        String amount;
        String currency;
        String creditDebit;

        Tx(long line, int index) {
            this.line = line;
            this.index = index;
        }
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
        OpenElements stack = new OpenElements(MAX_DEPTH);
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
                    if (stack.depth() >= MAX_DEPTH) {
                        throw new ParseException(source.name(), xml.getLocation().getLineNumber(),
                                "XML nested deeper than " + MAX_DEPTH + " elements: not a camt document");
                    }
                    stack.open(name);
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
                                entry.tx = new Tx(xml.getLocation().getLineNumber(), entry.txDetails);
                                if (entry.firstTx == null) {
                                    entry.firstTx = entry.tx;
                                }
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
                    String name = stack.close();
                    String parent = stack.innermost();
                    String value = text.toString().strip();
                    text.setLength(0);
                    if (bal != null && stack.inside(OpenElements.BAL)) {
                        switch (name) {
                            case "Cd" -> {
                                if (stack.inside(OpenElements.TP) && bal.code == null) {
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
                    } else if (entry != null && (stack.inside(OpenElements.NTRY) || name.equals("Ntry"))) {
                        if (name.equals("Ntry")) {
                            if (st == null) {
                                st = new Statement();
                            }
                            endEntry(st, entry, tally, currencies, channel);
                            entry = null;
                        } else if (name.equals("TxDtls")) {
                            if (entry.tx != null) {
                                endTx(st, entry, entry.tx, tally, currencies, channel);
                                entry.tx = null;
                            }
                        } else {
                            entryField(entry, name, parent, stack, value, ccyAttr, currencies);
                        }
                    } else if (st != null && stack.inside(OpenElements.TXS_SUMMRY)) {
                        summaryField(st, name, parent, value);
                    } else if (st != null && parent.equals("Stmt") || parent.equals("Ntfctn") || parent.equals("Rpt")) {
                        if (name.equals("Id") && st != null) {
                            st.id = value;
                        }
                    } else if (st != null && stack.inside(OpenElements.ACCT) && !stack.inside(OpenElements.NTRY)
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

    private static void entryField(Entry e, String name, String parent, OpenElements stack, String value, String ccy,
            CurrencyCodes currencies) {
        boolean inTx = stack.inside(OpenElements.TX_DTLS);
        boolean inBatch = stack.inside(OpenElements.BTCH);
        if (inBatch) {
            switch (name) {
                case "NbOfTxs" -> e.batchCount = value;
                case "TtlAmt" -> {
                    e.batchTotal = value;
                    e.batchCurrency = ccy;
                }
                case "CdtDbtInd" -> e.batchCreditDebit = value;
                case "PmtInfId" -> e.batchPmtInfId = value;
                default -> {
                }
            }
            return;
        }
        if (inTx) {
            Tx t = e.tx;
            if (t == null) {
                return;
            }
            switch (name) {
                case "EndToEndId" -> t.endToEnd = value;
                case "InstrId" -> t.instrId = value;
                case "TxId" -> t.txId = value;
                case "PmtInfId" -> t.pmtInfId = value;
                case "AcctSvcrRef" -> {
                    if (parent.equals("Refs")) {
                        t.bankRef = value;
                    }
                }
                case "Ustrd" -> {
                    if (t.remittance == null || t.remittance.length() < 1024) {
                        t.remittance = t.remittance == null ? value : t.remittance + " " + value;
                    }
                }
                case "Ref" -> {
                    if (parent.equals("CdtrRefInf") && t.creditorRef == null) {
                        t.creditorRef = value;
                    }
                }
                case "AddtlTxInf" -> t.additionalInfo = value;
                case "CdtDbtInd" -> {
                    if (parent.equals("TxDtls")) {
                        t.creditDebit = value;
                    }
                }
                case "Cd" -> {
                    if (stack.inside(OpenElements.RTR_INF) && parent.equals("Rsn")) {
                        t.returnReason = value;
                        if (e.returnReason == null) {
                            e.returnReason = value;
                        }
                    }
                }
                case "Amt" -> {
                    // v08+: TxDtls/Amt, repeated in AmtDtls/TxAmt/Amt; v02: only AmtDtls/TxAmt/Amt.
                    // InstdAmt / CntrValAmt are not the booked amount. The first one per TxDtls counts.
                    if ((parent.equals("TxDtls") || parent.equals("TxAmt")) && t.amount == null) {
                        t.amount = value;
                        t.currency = ccy;
                    }
                }
                default -> {
                }
            }
            return;
        }
        boolean inBkTxCd = stack.inside(OpenElements.BK_TX_CD);
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

    /** A value of the entry or of one TxDtls that cannot become a record: the element and the reason. */
    private static final class FieldProblem extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        FieldProblem(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    /** What every record of one entry shares, parsed once per entry. */
    private static final class Shared {
        LocalDate booking;
        Instant eventTime;
        LocalDate value;
        String recordType;
        boolean booked;
    }

    private static Shared shared(Entry e) throws FieldProblem {
        if (e.shared != null) {
            return e.shared;
        }
        Shared sh = new Shared();
        String field = "Ntry/BookgDt";
        try {
            sh.booking = e.bookingDate == null ? null : date(e.bookingDate);
            sh.eventTime = e.bookingDate == null ? null : instant(e.bookingDate);
            field = "Ntry/ValDt";
            sh.value = e.valueDate == null ? null : date(e.valueDate);
        } catch (DateTimeException ex) {
            throw new FieldProblem(field, ex.getMessage());
        }
        String status = e.status == null ? "BOOK" : e.status;
        String code = e.domain != null
                ? e.domain + "/" + (e.family == null ? "" : e.family) + "/" + (e.subFamily == null ? "" : e.subFamily)
                : e.proprietary != null ? e.proprietary : "NTRY";
        sh.recordType = code + (e.reversal ? " reversal" : "") + ("BOOK".equals(status) ? "" : " " + status);
        sh.booked = "BOOK".equals(status);
        e.shared = sh;
        return sh;
    }

    private static int sign(String creditDebit, String field) throws FieldProblem {
        return switch (creditDebit == null ? "" : creditDebit) {
            case "CRDT" -> 1;
            case "DBIT" -> -1;
            default -> throw new FieldProblem(field, "CdtDbtInd '" + creditDebit + "' is not CRDT or DBIT");
        };
    }

    private static Currency currency(CurrencyCodes currencies, String code, String field) throws FieldProblem {
        try {
            return currencies.lookup(code);
        } catch (IllegalArgumentException ex) {
            throw new FieldProblem(field, ex.getMessage());
        }
    }

    /** Unsigned amount in minor units: the direction is in CdtDbtInd, never in the number. */
    private static long unsignedMinor(String amount, Currency currency, String field) throws FieldProblem {
        long minor;
        try {
            minor = DecimalAmount.toMinorUnits(amount == null ? "" : amount, currency.getDefaultFractionDigits(), '.');
        } catch (IllegalArgumentException ex) {
            throw new FieldProblem(field, ex.getMessage());
        }
        if (minor < 0) {
            throw new FieldProblem(field, "amount '" + amount + "' is signed; CdtDbtInd carries the direction");
        }
        return minor;
    }

    private static String entryRaw(Entry e) {
        return "Ntry " + e.creditDebit + " " + e.amount + " " + e.currency + " " + (e.bankRef == null ? "" : e.bankRef);
    }

    private static String txRaw(Entry e, Tx t) {
        return entryRaw(e) + " TxDtls " + t.index + " " + (t.creditDebit == null ? "" : t.creditDebit + " ")
                + t.amount + " " + t.currency + (t.endToEnd == null ? "" : " " + t.endToEnd);
    }

    /** A TxDtls closed: emit it now when it states an amount (constant memory), else hold it. */
    private void endTx(Statement st, Entry e, Tx t, ParseTally tally, CurrencyCodes currencies, String channel)
            throws IOException {
        if (t.amount == null) {
            if (e.txWithAmount > 0) {
                quarantineAmountless(e, t, tally);
            } else {
                e.amountless.add(t);
            }
            return;
        }
        e.txWithAmount++;
        for (Tx held : e.amountless) {
            quarantineAmountless(e, held, tally);
        }
        e.amountless.clear();
        tally.rowRead();
        String raw = txRaw(e, t);
        try {
            Shared sh = shared(e);
            Currency currency = currency(currencies, t.currency, "TxDtls/Amt");
            long minor = unsignedMinor(t.amount, currency, "TxDtls/Amt");
            int sign = t.creditDebit != null ? sign(t.creditDebit, "TxDtls/CdtDbtInd") : sign(e.creditDebit, "Ntry/CdtDbtInd");
            long signed = sign * minor;
            if (e.txCurrency == null) {
                e.txCurrency = currency.getCurrencyCode();
            } else if (!e.txCurrency.equals(currency.getCurrencyCode())) {
                e.txMixed = true;
            }
            e.txSum += signed;
            e.txEmitted++;
            StringBuilder description = new StringBuilder();
            appendPart(description, t.remittance);
            if (t.creditorRef != null) {
                appendPart(description, "creditor ref " + t.creditorRef);
            }
            appendPart(description, t.additionalInfo);
            if (t.returnReason != null) {
                appendPart(description, "return reason " + t.returnReason);
            }
            if (e.batchCount != null || t.index > 1) {
                appendPart(description, "batch booking item " + t.index + (e.batchCount == null ? "" : " of " + e.batchCount));
            }
            String endToEnd = "NOTPROVIDED".equals(t.endToEnd) ? null : t.endToEnd;
            tally.emit(new SettlementRecord(channel, sh.recordType, RecordCategory.BANK_ENTRY,
                    firstNonNull(t.instrId, t.txId), firstNonNull(t.bankRef, firstNonNull(e.bankRef, e.entryRef)),
                    endToEnd, st.account, null, new Money(signed, currency), null, null,
                    sh.booking, sh.eventTime, sh.value, firstNonNull(e.batchPmtInfId, t.pmtInfId),
                    description.length() == 0 ? null : CardNumberMasker.mask(description.toString()),
                    SourceLocation.ofFile(tally.file(), t.line), options.keepRawLines() ? CardNumberMasker.mask(raw) : null));
        } catch (FieldProblem ex) {
            tally.quarantine(t.line, ex.field, ex.getMessage(), raw);
        }
    }

    private static void quarantineAmountless(Entry e, Tx t, ParseTally tally) throws IOException {
        tally.rowRead();
        tally.quarantine(t.line, "TxDtls/Amt", "transaction " + t.index + " of a batch booking states no amount while others do:"
                + " the entry (" + e.amount + " " + e.currency + ") cannot be split; ask the bank for TxDtls/Amt"
                + " (or AmtDtls/TxAmt) on every transaction", txRaw(e, t));
    }

    /** The entry closed: either its details were emitted one by one, or the entry is one record. */
    private void endEntry(Statement st, Entry e, ParseTally tally, CurrencyCodes currencies, String channel)
            throws IOException {
        if (e.batchCount != null) {
            tally.check(ControlCheck.of(label(st) + " entry line " + e.line + ": Btch/NbOfTxs = number of TxDtls",
                    e.batchCount.strip(), e.txDetails));
        }
        if (e.txWithAmount == 0) {
            emitEntry(st, e, tally, currencies, channel);
            e.amountless.clear();
            return;
        }
        try {
            Currency currency = currency(currencies, e.currency, "Ntry/Amt");
            long minor = unsignedMinor(e.amount, currency, "Ntry/Amt");
            int sign = sign(e.creditDebit, "Ntry/CdtDbtInd");
            Shared sh = shared(e);
            addToStatement(st, currency, minor, sign, sh.booked);
            detailChecks(st, e, new Money(sign * minor, currency), tally);
        } catch (FieldProblem ex) {
            tally.check(new ControlCheck(label(st) + " entry line " + e.line + ": entry readable", "Amt, Ccy, CdtDbtInd, dates",
                    ex.field + ": " + ex.getMessage(), false));
        }
    }

    private static void addToStatement(Statement st, Currency currency, long minor, int sign, boolean booked) {
        if (booked) {
            if (st.bookedCurrency == null) {
                st.bookedCurrency = currency;
            } else if (!st.bookedCurrency.equals(currency)) {
                st.mixedCurrencies = true;
            }
            st.bookedSum += sign * minor;
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
    }

    /** An entry without amounts in its details (or without details): one record for the whole entry. */
    private void emitEntry(Statement st, Entry e, ParseTally tally, CurrencyCodes currencies, String channel)
            throws IOException {
        tally.rowRead();
        String raw = entryRaw(e);
        try {
            Currency currency = currency(currencies, e.currency, "Ntry/Amt");
            long minor = unsignedMinor(e.amount, currency, "Ntry/Amt");
            int sign = sign(e.creditDebit, "Ntry/CdtDbtInd");
            Shared sh = shared(e);
            addToStatement(st, currency, minor, sign, sh.booked);
            Tx single = e.txDetails == 1 ? e.firstTx : null;
            StringBuilder description = new StringBuilder();
            if (single != null) {
                appendPart(description, single.remittance);
                if (single.creditorRef != null) {
                    appendPart(description, "creditor ref " + single.creditorRef);
                }
                appendPart(description, single.additionalInfo);
            }
            appendPart(description, e.info);
            if (e.returnReason != null) {
                appendPart(description, "return reason " + e.returnReason);
            }
            if (e.txDetails > 1) {
                appendPart(description, "batch of " + e.txDetails + " transactions without amounts");
            }
            String endToEnd = single != null && !"NOTPROVIDED".equals(single.endToEnd) ? single.endToEnd : null;
            String channelRef = single != null ? firstNonNull(single.instrId, single.txId) : null;
            String modificationRef = firstNonNull(single == null ? null : single.bankRef, firstNonNull(e.bankRef, e.entryRef));
            String batch = firstNonNull(e.batchPmtInfId, single != null ? single.pmtInfId : null);
            tally.emit(new SettlementRecord(channel, sh.recordType, RecordCategory.BANK_ENTRY, channelRef,
                    modificationRef, endToEnd, st.account, null, new Money(sign * minor, currency), null, null,
                    sh.booking, sh.eventTime, sh.value, batch,
                    description.length() == 0 ? null : CardNumberMasker.mask(description.toString()),
                    SourceLocation.ofFile(tally.file(), e.line), options.keepRawLines() ? CardNumberMasker.mask(raw) : null));
        } catch (FieldProblem ex) {
            tally.quarantine(e.line, ex.field, ex.getMessage(), raw);
        }
    }

    /**
     * Controls for an entry whose details were emitted: their signed sum must equal the entry (and
     * the batch total when given). A detail that was quarantined or is in another currency makes the
     * check fail with the reason, so a gap is never silent.
     */
    private void detailChecks(Statement st, Entry e, Money entrySigned, ParseTally tally) {
        String prefix = label(st) + " entry line " + e.line + ": ";
        String problem = null;
        if (e.txEmitted != e.txDetails) {
            problem = (e.txDetails - e.txEmitted) + " of " + e.txDetails + " TxDtls quarantined (no or unreadable amount)";
        } else if (e.txMixed) {
            problem = "TxDtls in more than one currency";
        }
        Money details = problem != null || e.txCurrency == null ? null : Money.ofMinor(e.txSum, e.txCurrency);
        if (details != null && !details.sameCurrency(entrySigned)) {
            tally.check(new ControlCheck(prefix + "sum of TxDtls = Ntry/Amt", entrySigned.toString(),
                    details + " (currencies differ)", false));
        } else if (details != null) {
            tally.check(ControlCheck.of(prefix + "sum of TxDtls = Ntry/Amt", entrySigned, details));
        } else {
            tally.check(new ControlCheck(prefix + "sum of TxDtls = Ntry/Amt", entrySigned.toString(), problem, false));
        }
        if (e.batchTotal != null) {
            String name = prefix + "sum of TxDtls = Btch/TtlAmt";
            try {
                Money total = DecimalAmount.toMoney(e.batchTotal, Money.currency(e.batchCurrency), '.');
                int sign = e.batchCreditDebit != null ? sign(e.batchCreditDebit, "Btch/CdtDbtInd")
                        : Long.signum(entrySigned.minorUnits()) < 0 ? -1 : 1;
                Money signedTotal = sign < 0 ? total.negate() : total;
                if (details == null) {
                    tally.check(new ControlCheck(name, signedTotal.toString(), problem, false));
                } else if (!details.sameCurrency(signedTotal)) {
                    tally.check(new ControlCheck(name, signedTotal.toString(), details + " (currencies differ)", false));
                } else {
                    tally.check(ControlCheck.of(name, signedTotal, details));
                }
            } catch (IllegalArgumentException | FieldProblem ex) {
                tally.check(new ControlCheck(prefix + "Btch/TtlAmt readable", e.batchTotal + " " + e.batchCurrency,
                        ex.getMessage(), false));
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
