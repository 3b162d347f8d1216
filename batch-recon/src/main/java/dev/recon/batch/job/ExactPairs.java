package dev.recon.batch.job;

import dev.recon.core.result.ResultLineBytes;
import dev.recon.batch.store.StoredInstant;
import dev.recon.core.config.AmountComparison;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.match.ChannelLeg;
import dev.recon.core.match.ColumnarReconciliation;
import dev.recon.core.match.LegExpectation;
import dev.recon.core.match.ReconContext;
import dev.recon.core.match.ReconIds;
import dev.recon.core.money.Money;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The day's exact pairs kept as the staged lines themselves, never as objects: a ledger entry and
 * the one settlement line that names it, alone in their payment key, that agree exactly (same
 * reference and category, a status that may settle, the compared amount equal in the entry's
 * currency, no exchange rate). Most of a day's rows are such pairs; the engine's row for each is
 * {@link ColumnarReconciliation#exactPair}'s MATCHED row, and holding a million entries, records,
 * legs and results alive at once was most of the match step's heap and collection time.
 *
 * <p>How a pair is chosen (over hashes of the staged cells, so a day is held as a few longs per row):
 * the entry has a channel reference, no parent reference, no parent payment, is no refund or
 * chargeback, has a status that may settle, and is the only entry of its transaction id, of its
 * root payment id and of its reference, which no entry names as a parent reference; the line is
 * today's (not carried), a payment line of the entry's category, the only line whose own reference
 * is the entry's, with no exchange rate and its amounts in one currency; no other line names the
 * entry's reference (as modification or parent reference) or its payment or transaction id (as
 * merchant reference); no staged cell involved needs unescaping. Then the pair is a whole payment
 * key of {@code ReconEngine}'s partition, taking it out changes no other key, and its row is the
 * engine's (the same argument as {@link ColumnarReconciliation}'s plain keys, of which these are a
 * subset). Equal hashes of different texts only make a row fail a test (it then goes to the
 * engine), never pair two rows: the references of a pair are compared as text. Everything else is
 * decoded into objects and reconciled as before. {@code ExactPairsProperties} compares the outcome
 * with the engine path on generated days, near misses included.
 */
final class ExactPairs {

    static final ExactPairs NONE = new ExactPairs(List.of(), new int[0], List.of(), new int[0], new long[0],
            new long[0], null, null, null);

    /**
     * Today's staged ledger and settlement lines ({@link StagedLines} in the job: mapped, a String only
     * while a line is read) and, in recon_id order, the pairs' rows among them.
     */
    private final List<String> ledgerLines;
    private final int[] ledgerRow;
    private final List<String> settlementLines;
    private final int[] settlementRow;
    /** The pairs' recon_ids (the entry's, {@link ReconIds#entryUuid}) as two longs, ascending as the strings are. */
    final long[] msb;
    final long[] lsb;
    private final String channel;
    private final ChannelConfig cfg;
    private final ReconContext ctx;

    private ExactPairs(List<String> ledgerLines, int[] ledgerRow, List<String> settlementLines, int[] settlementRow,
            long[] msb, long[] lsb, String channel, ChannelConfig cfg, ReconContext ctx) {
        this.ledgerLines = ledgerLines;
        this.ledgerRow = ledgerRow;
        this.settlementLines = settlementLines;
        this.settlementRow = settlementRow;
        this.msb = msb;
        this.lsb = lsb;
        this.channel = channel;
        this.cfg = cfg;
        this.ctx = ctx;
    }

    int size() {
        return msb.length;
    }

    /** Pair k's staged ledger line. */
    private String ledgerLine(int k) {
        return ledgerLines.get(ledgerRow[k]);
    }

    /** Pair k's staged settlement line. */
    private String settlementLine(int k) {
        return settlementLines.get(settlementRow[k]);
    }

    String reconId(int k) {
        return new UUID(msb[k], lsb[k]).toString();
    }

    /** Whether a channel's settings allow the pairs at all: what {@link ColumnarReconciliation} requires. */
    static boolean applies(ChannelConfig cfg, ReconContext ctx) {
        return ctx.mode() == ReconMode.BATCH && cfg.feeSchedule().isEmpty()
                && cfg.matchKeys().get(0) == dev.recon.core.config.MatchKey.CHANNEL_REF;
    }

    // ------------------------------------------------------------------ the pair's row

    /** Decodes staged lines into the engine's objects; one per slice of a batch (its scratches). */
    final class Rows {
        private final String[] ledgerScratch = StagedLedgerLine.scratch();
        private final String[] settlementScratch = StagedSettlementLine.scratch();

        /**
         * The pair's row as the engine builds it. Built for a moment per line written (it dies young):
         * the row's wording is {@code exactPair}'s, so results.csv cannot drift from the engine's.
         */
        ReconResult row(int k) {
            LedgerEntry e = StagedLedgerLine.decode(ledgerLine(k), ledgerScratch).entry();
            SettlementRecord r = StagedSettlementLine.decode(settlementLine(k), channel, settlementScratch);
            ReconResult row = ColumnarReconciliation.exactPair(e, ChannelLeg.of(r), cfg, ctx);
            if (row == null) {
                throw new IllegalStateException("staged pair is not exact after all: " + e.transactionId());
            }
            return row;
        }

        private final int[] entryCells = new int[L_FIELDS + 1];
        private final int[] lineCells = new int[S_FIELDS + 1];
        /** Expected settlement dates by creation second (a day has far fewer seconds than rows). */
        private final long[] expectedKey = new long[1 << 14];
        private final LocalDate[] expectedDate = new LocalDate[1 << 14];

        /**
         * Appends the pair's results.csv line straight from its staged lines: the bytes
         * {@code out.append(row(k))} writes (same cell encodings, the row texts from recon-core's
         * exact-pair helpers), without building the entry, record, leg and row. A pair with an
         * escaped cell among those written (rare) goes through {@link #row}.
         */
        void append(ResultLineBytes out, int k) {
            String e = ledgerLine(k);
            String l = settlementLine(k);
            int[] ec = entryCells;
            int[] lc = lineCells;
            cells(e, ec);
            cells(l, lc);
            if (escaped(e, ec, L_TXN, L_LINE) || escaped(l, lc, S_CHANNEL, S_LINE) || isNull(e, ec, L_ORIGIN)
                    || empty(lc, S_ORIGIN)) {
                out.append(row(k));
                return;
            }
            String currency = code(codes, e, ec, L_CURRENCY);
            Money amount = Money.ofMinor(Long.parseLong(e, ec[L_AMOUNT], ec[L_AMOUNT + 1] - 1, 10), currency);
            String netCurrency = code(codes, l, lc, S_NET_CCY);
            String ref = cell(e, ec, L_REF);
            // origin:line, the line number as staged (written by append(long), so already Long.toString's text).
            String lineSource = source(l, lc, S_ORIGIN, S_LINE);
            String entrySource = source(e, ec, L_ORIGIN, L_LINE);

            out.textCell(new UUID(msb[k], lsb[k]).toString());
            out.nextCell();
            out.numberCell(ctx.version());
            out.nextCell();
            out.nameCell(ctx.mode().name());
            out.nextCell();
            ledgerText(out, e, ec, L_CHANNEL);
            out.nextCell();
            out.dateCell(ctx.businessDate());
            out.nextCell();
            out.nameCell(ResultStatus.MATCHED.name());
            out.nextCell();
            out.nextCell();
            ledgerText(out, e, ec, L_TYPE);
            out.nextCell();
            ledgerText(out, e, ec, L_MERCHANT);
            out.nextCell();
            ledgerText(out, e, ec, L_PAYMENT);
            out.nextCell();
            ledgerText(out, e, ec, L_TXN);
            out.nextCell();
            ledgerText(out, e, ec, L_REF);
            out.nextCell();
            ledgerText(out, e, ec, L_STATUS);
            out.nextCell();
            out.textCell(l, lc[S_RECORD_TYPE], lc[S_RECORD_TYPE + 1] - 1);
            out.nextCell();
            out.amountCell(amount);
            out.nextCell();
            out.amountCell(amount);
            out.nextCell();
            out.textCell(currency);
            out.nextCell();
            out.amountCell(Money.ofMinor(0, currency));
            out.nextCell();
            if (!empty(lc, S_GROSS)) {
                out.amountCell(Money.ofMinor(Long.parseLong(l, lc[S_GROSS], lc[S_GROSS + 1] - 1, 10),
                        cell(l, lc, S_GROSS_CCY)));
            }
            out.nextCell();
            out.amountCell(Money.ofMinor(empty(lc, S_FEES) ? 0 : fees(cell(l, lc, S_FEES), netCurrency), netCurrency));
            out.nextCell();
            out.amountCell(Money.ofMinor(Long.parseLong(l, lc[S_NET], lc[S_NET + 1] - 1, 10), netCurrency));
            out.nextCell();
            out.nextCell();
            out.textCell(l, lc[S_PAYOUT], lc[S_PAYOUT + 1] - 1);
            out.nextCell();
            out.nextCell();
            out.numberCell(0);
            out.nextCell();
            out.textCell(ColumnarReconciliation.EXACT_PAIR_RULE);
            out.nextCell();
            out.textCell(ColumnarReconciliation.exactPairDetail(ref, lineSource, amount));
            out.nextCell();
            out.textCell(ColumnarReconciliation.exactPairSource(entrySource, lineSource));
            out.nextCell();
            out.textCell(ctx.config().version());
            out.nextCell();
            out.nextCell();
            out.dateCell(expectedDate(e, ec));
            out.endLine();
        }

        /** Currency codes seen by this writer (one String each). */
        private final String[] codes = new String[8];
        private final StringBuilder sourceText = new StringBuilder(256);

        /** {@code origin:line} of a staged line's source cells. */
        private String source(String line, int[] cells, int origin, int number) {
            sourceText.setLength(0);
            sourceText.append(line, cells[origin], cells[origin + 1] - 1).append(':')
                    .append(line, cells[number], cells[number + 1] - 1);
            return sourceText.toString();
        }

        /** Sum of lengths read ahead: kept so the reads are not removed. */
        private long touched;

        /**
         * Reads pair k's two lines ahead of its turn: the pairs come in recon_id order, so their lines lie
         * all over the heap and the first read of each is a cache miss; reading a few pairs ahead lets
         * those misses overlap instead of waiting for one at a time.
         */
        void readAhead(int k) {
            touched += ledgerLines instanceof StagedLines mapped ? mapped.touch(ledgerRow[k]) : 0;
            touched += settlementLines instanceof StagedLines mapped ? mapped.touch(settlementRow[k]) : 0;
        }

        private void ledgerText(ResultLineBytes out, String e, int[] ec, int k) {
            if (!isNull(e, ec, k)) {
                out.textCell(e, ec[k], ec[k + 1] - 1);
            }
        }

        private LocalDate expectedDate(String e, int[] ec) {
            Instant created = StoredInstant.parse(cell(e, ec, L_CREATED));
            long key = created.getEpochSecond() * 1_000_000_000L + created.getNano();
            int slot = (int) (created.getEpochSecond() & (expectedKey.length - 1));
            if (expectedDate[slot] != null && expectedKey[slot] == key) {
                return expectedDate[slot];
            }
            LocalDate d = cfg.calendar().expectedSettlementDate(created);
            expectedKey[slot] = key;
            expectedDate[slot] = d;
            return d;
        }
    }

    Rows rows() {
        return new Rows();
    }

    /** Every pair's row (for a landing that needs the whole outcome), in recon_id order. */
    List<ReconResult> materialise() {
        ReconResult[] out = new ReconResult[size()];
        int slices = Math.max(1, Math.min(64, out.length / 1024));
        IntStream.range(0, slices).parallel().forEach(s -> {
            Rows rows = rows();
            for (int k = (int) ((long) out.length * s / slices); k < (int) ((long) out.length * (s + 1) / slices); k++) {
                out[k] = rows.row(k);
            }
        });
        return Arrays.asList(out);
    }

    // ------------------------------------------------------------------ choosing the pairs

    /** A staged ledger line's cells as hashes and the few values a pair is decided on. */
    static final class LedgerColumns {
        final long[] txn;
        final long[] payment;
        final long[] root;
        final long[] ref;
        final long[] parentRef;
        /** Candidate for a pair by its own cells alone; category ordinal; amount and currency as staged. */
        final boolean[] candidate;
        final byte[] category;
        final long[] amount;
        final String[] currency;

        LedgerColumns(int n) {
            txn = new long[n];
            payment = new long[n];
            root = new long[n];
            ref = new long[n];
            parentRef = new long[n];
            candidate = new boolean[n];
            category = new byte[n];
            amount = new long[n];
            currency = new String[n];
        }
    }

    /** A staged settlement line's reference cells as hashes, and its compared amount when it may pair. */
    static final class LineColumns {
        final long[] own;
        final long[] modification;
        final long[] parent;
        final long[] merchant;
        final boolean[] candidate;
        final byte[] category;
        final long[] amount;
        final String[] currency;
        /** Booking day (epoch day) of a payment line, or {@link Integer#MIN_VALUE}: the date coverage check. */
        final int[] bookingDay;

        LineColumns(int m) {
            own = new long[m];
            modification = new long[m];
            parent = new long[m];
            merchant = new long[m];
            candidate = new boolean[m];
            category = new byte[m];
            amount = new long[m];
            currency = new String[m];
            bookingDay = new int[m];
        }
    }

    /** Cells of a staged ledger line ({@link StagedLedgerLine}) and a staged settlement line ({@link StagedSettlementLine}). */
    private static final int L_TXN = 1, L_PAYMENT = 2, L_PARENT_PAYMENT = 3, L_MERCHANT = 4, L_CHANNEL = 6, L_REF = 7,
            L_PARENT_REF = 8, L_TYPE = 9, L_STATUS = 10, L_AMOUNT = 11, L_CURRENCY = 12, L_CREATED = 13, L_ORIGIN = 15,
            L_LINE = 16, L_FIELDS = 17;
    private static final int S_CHANNEL = 0, S_RECORD_TYPE = 1, S_CATEGORY = 2, S_REF = 3, S_MOD = 4, S_MERCHANT = 5,
            S_GROSS = 7, S_GROSS_CCY = 8, S_NET = 9, S_NET_CCY = 10, S_FEES = 11, S_FX = 12, S_BOOKING = 13, S_PAYOUT = 16,
            S_ORIGIN = 18, S_LINE = 19, S_FIELDS = 21;
    private static final TransactionType[] TYPES = TransactionType.values();
    private static final RecordCategory[] CATEGORIES = RecordCategory.values();

    /** Hashes and pair values of staged ledger lines [from, to) into {@code c}; carried entries are not staged lines. */
    static void ledgerColumns(List<String> lines, int from, int to, int offset, String channel, LedgerColumns c) {
        int[] start = new int[L_FIELDS + 1];
        String[] codes = new String[8];
        String[] scratch = null;
        StagedLines mapped = lines instanceof StagedLines m && m.columns() != null ? m : null;
        Codes packed = new Codes();
        for (int x = from; x < to; x++) {
            int i = offset + x;
            if (mapped != null && fromColumns(mapped.columns(), mapped.number(x), i, c, packed)) {
                continue;
            }
            String line = lines.get(x);
            if (cells(line, start) != L_FIELDS || escaped(line, start, L_TXN, L_CURRENCY)) {
                // Escaped cells (rare): hashed from the decoded entry, never a pair.
                scratch = scratch == null ? StagedLedgerLine.scratch() : scratch;
                ledgerColumns(StagedLedgerLine.decode(line, scratch).entry(), i, c);
                continue;
            }
            c.txn[i] = hash(line, start[L_TXN], start[L_TXN + 1] - 1);
            c.payment[i] = hash(line, start[L_PAYMENT], start[L_PAYMENT + 1] - 1);
            boolean noParent = isNull(line, start, L_PARENT_PAYMENT)
                    || blank(line, start[L_PARENT_PAYMENT], start[L_PARENT_PAYMENT + 1] - 1);
            c.root[i] = noParent ? c.payment[i] : hash(line, start[L_PARENT_PAYMENT], start[L_PARENT_PAYMENT + 1] - 1);
            c.ref[i] = isNull(line, start, L_REF) ? 0 : hash(line, start[L_REF], start[L_REF + 1] - 1);
            boolean noParentRef = isNull(line, start, L_PARENT_REF);
            c.parentRef[i] = noParentRef ? 0 : hash(line, start[L_PARENT_REF], start[L_PARENT_REF + 1] - 1);
            TransactionType type = TYPES[named(TYPE_NAMES, line, start, L_TYPE)];
            TransactionStatus status = STATUSES[named(STATUS_NAMES, line, start, L_STATUS)];
            RecordCategory category = LegExpectation.categoryOf(type);
            boolean candidate = noParent && noParentRef && c.ref[i] != 0 && start[L_REF + 1] - 1 > start[L_REF]
                    && !type.isModification() && category != null && !LegExpectation.settlementContradicts(status)
                    && line.regionMatches(start[L_CHANNEL], channel, 0, channel.length())
                    && start[L_CHANNEL + 1] - 1 - start[L_CHANNEL] == channel.length();
            if (candidate) {
                c.candidate[i] = true;
                c.category[i] = (byte) category.ordinal();
                c.amount[i] = Long.parseLong(line, start[L_AMOUNT], start[L_AMOUNT + 1] - 1, 10);
                c.currency[i] = code(codes, line, start, L_CURRENCY);
            }
        }
    }

    /**
     * Entry i's values from its staged record ({@link StagedColumns}: what the text path above reads from
     * the line, computed by the staging step from the same entry); false when the record sends the row to
     * its text.
     */
    private static boolean fromColumns(StagedColumns cols, int row, int i, LedgerColumns c, Codes codes) {
        int flags = cols.getByte(row, StagedColumns.L_FLAGS);
        if ((flags & StagedColumns.TEXT) != 0) {
            return false;
        }
        c.txn[i] = cols.getLong(row, StagedColumns.L_TXN);
        c.payment[i] = cols.getLong(row, StagedColumns.L_PAYMENT);
        c.root[i] = cols.getLong(row, StagedColumns.L_ROOT);
        c.ref[i] = cols.getLong(row, StagedColumns.L_REF);
        c.parentRef[i] = cols.getLong(row, StagedColumns.L_PARENT_REF);
        if ((flags & StagedColumns.L_CANDIDATE) != 0) {
            c.candidate[i] = true;
            c.category[i] = (byte) cols.getByte(row, StagedColumns.L_CATEGORY);
            c.amount[i] = cols.getLong(row, StagedColumns.L_AMOUNT);
            c.currency[i] = codes.of(cols.getLong(row, StagedColumns.L_CURRENCY));
        }
        return true;
    }

    /** Line j's values from its staged record, as the text path reads them from the line; false: read the text. */
    private static boolean fromColumns(StagedColumns cols, int row, int j, AmountComparison comparison, LineColumns c,
            Codes codes) {
        int flags = cols.getByte(row, StagedColumns.S_FLAGS);
        if ((flags & StagedColumns.TEXT) != 0) {
            return false;
        }
        RecordCategory category = CATEGORIES[cols.getByte(row, StagedColumns.S_CATEGORY)];
        boolean modification = isModification(category);
        long ref = cols.getLong(row, StagedColumns.S_REF);
        long mod = cols.getLong(row, StagedColumns.S_MOD);
        c.own[j] = modification && mod != 0 ? mod : ref;
        c.parent[j] = modification && mod != 0 ? ref : 0;
        c.modification[j] = mod;
        c.merchant[j] = cols.getLong(row, StagedColumns.S_MERCHANT);
        int booking = cols.getInt(row, StagedColumns.S_BOOKING);
        c.bookingDay[j] = category.isPaymentLine() && booking != StagedColumns.NO_DAY ? booking : Integer.MIN_VALUE;
        boolean hasGross = (flags & StagedColumns.S_HAS_GROSS) != 0;
        if (!category.isPaymentLine() || modification || ref == 0 || (flags & StagedColumns.S_HAS_FX) != 0
                || (flags & StagedColumns.S_SAME_CHANNEL) == 0) {
            return true;
        }
        long net = cols.getLong(row, StagedColumns.S_NET_CCY);
        long grossCurrency = hasGross ? cols.getLong(row, StagedColumns.S_GROSS_CCY) : 0;
        long compared;
        long currency;
        if (comparison == AmountComparison.GROSS && hasGross) {
            long gross = cols.getLong(row, StagedColumns.S_GROSS);
            currency = grossCurrency;
            if (gross == Long.MIN_VALUE || currency != net) {
                return true;
            }
            compared = Math.abs(gross);
        } else {
            if (hasGross && grossCurrency != net) {
                return true;
            }
            long amount = cols.getLong(row, StagedColumns.S_NET);
            long fees = cols.getLong(row, StagedColumns.S_FEES);
            if (amount == Long.MIN_VALUE || fees == NO_FEES) {
                return true;
            }
            try {
                compared = Math.addExact(Math.abs(amount), fees);
            } catch (ArithmeticException overflow) {
                return true;
            }
            currency = net;
        }
        c.candidate[j] = true;
        c.category[j] = (byte) category.ordinal();
        c.amount[j] = compared;
        c.currency[j] = codes.of(currency);
        return true;
    }

    /** Packed currency codes ({@link StagedColumns#pack}) as Strings, one String per code a slice sees. */
    private static final class Codes {
        private final long[] packed = new long[8];
        private final String[] text = new String[8];

        String of(long code) {
            for (int k = 0; k < packed.length; k++) {
                if (packed[k] == code) {
                    return text[k];
                }
                if (packed[k] == 0) {
                    packed[k] = code;
                    text[k] = StagedColumns.unpack(code);
                    return text[k];
                }
            }
            return StagedColumns.unpack(code);
        }
    }

    /** Hashes of an entry held as an object (carried from an earlier day, or a staged line with escapes): never a pair. */
    static void ledgerColumns(LedgerEntry e, int i, LedgerColumns c) {
        c.txn[i] = hash(e.transactionId());
        c.payment[i] = hash(e.paymentId());
        boolean noParent = e.parentPaymentId() == null || e.parentPaymentId().isBlank();
        c.root[i] = noParent ? c.payment[i] : hash(e.parentPaymentId());
        c.ref[i] = e.channelRef() == null ? 0 : hash(e.channelRef());
        c.parentRef[i] = e.parentChannelRef() == null ? 0 : hash(e.parentChannelRef());
        c.candidate[i] = false;
    }

    /** Hashes and pair values of staged settlement lines [from, to) into {@code c}. */
    static void lineColumns(List<String> lines, int from, int to, int offset, String channel,
            AmountComparison comparison, LineColumns c) {
        int[] start = new int[S_FIELDS + 1];
        String[] codes = new String[8];
        String[] scratch = null;
        StagedLines mapped = lines instanceof StagedLines m && m.columns() != null ? m : null;
        Codes packed = new Codes();
        for (int x = from; x < to; x++) {
            int j = offset + x;
            if (mapped != null && fromColumns(mapped.columns(), mapped.number(x), j, comparison, c, packed)) {
                continue;
            }
            String line = lines.get(x);
            if (cells(line, start) != S_FIELDS || escaped(line, start, S_CHANNEL, S_BOOKING)) {
                scratch = scratch == null ? StagedSettlementLine.scratch() : scratch;
                lineColumns(StagedSettlementLine.decode(line, channel, scratch), j, c);
                continue;
            }
            RecordCategory category = CATEGORIES[named(CATEGORY_NAMES, line, start, S_CATEGORY)];
            boolean modification = isModification(category);
            long ref = empty(start, S_REF) ? 0 : hash(line, start[S_REF], start[S_REF + 1] - 1);
            long mod = empty(start, S_MOD) ? 0 : hash(line, start[S_MOD], start[S_MOD + 1] - 1);
            c.own[j] = modification && mod != 0 ? mod : ref;
            c.parent[j] = modification && mod != 0 ? ref : 0;
            c.modification[j] = mod;
            c.merchant[j] = empty(start, S_MERCHANT) ? 0 : hash(line, start[S_MERCHANT], start[S_MERCHANT + 1] - 1);
            c.bookingDay[j] = category.isPaymentLine() && !empty(start, S_BOOKING)
                    ? epochDay(line, start[S_BOOKING], start[S_BOOKING + 1] - 1) : Integer.MIN_VALUE;
            boolean sameChannel = empty(start, S_CHANNEL)
                    || (start[S_CHANNEL + 1] - 1 - start[S_CHANNEL] == channel.length()
                            && line.regionMatches(start[S_CHANNEL], channel, 0, channel.length()));
            if (!category.isPaymentLine() || modification || ref == 0 || !empty(start, S_FX) || !sameChannel) {
                continue;
            }
            String net = code(codes, line, start, S_NET_CCY);
            long compared;
            String currency;
            if (comparison == AmountComparison.GROSS && !empty(start, S_GROSS)) {
                long gross = Long.parseLong(line, start[S_GROSS], start[S_GROSS + 1] - 1, 10);
                currency = code(codes, line, start, S_GROSS_CCY);
                if (gross == Long.MIN_VALUE || !currency.equals(net)) {
                    continue;
                }
                compared = Math.abs(gross);
            } else {
                if (!empty(start, S_GROSS) && !code(codes, line, start, S_GROSS_CCY).equals(net)) {
                    continue;
                }
                long amount = Long.parseLong(line, start[S_NET], start[S_NET + 1] - 1, 10);
                long fees = empty(start, S_FEES) ? 0 : fees(line, start[S_FEES], start[S_FEES + 1] - 1, net);
                if (amount == Long.MIN_VALUE || fees == NO_FEES) {
                    continue;
                }
                try {
                    compared = Math.addExact(Math.abs(amount), fees);
                } catch (ArithmeticException overflow) {
                    continue;
                }
                currency = net;
            }
            c.candidate[j] = true;
            c.category[j] = (byte) category.ordinal();
            c.amount[j] = compared;
            c.currency[j] = currency;
        }
    }

    /** Hashes of a line held as an object (carried, or with escapes): never a pair. */
    static void lineColumns(SettlementRecord r, int j, LineColumns c) {
        boolean modification = isModification(r.category());
        long ref = r.channelRef() == null ? 0 : hash(r.channelRef());
        long mod = r.modificationRef() == null ? 0 : hash(r.modificationRef());
        c.own[j] = modification && mod != 0 ? mod : ref;
        c.parent[j] = modification && mod != 0 ? ref : 0;
        c.modification[j] = mod;
        c.merchant[j] = r.merchantRef() == null ? 0 : hash(r.merchantRef());
        c.bookingDay[j] = r.category().isPaymentLine() && r.bookingDate() != null ? (int) r.bookingDate().toEpochDay()
                : Integer.MIN_VALUE;
        c.candidate[j] = false;
    }

    /**
     * The pairs among today's staged entries {@code [carriedEntries, n)} and lines
     * {@code [carriedLines, m)}; the carried rows before them take part in every count. Returns the
     * pairs and marks their rows in {@code pairedEntry} / {@code pairedLine}.
     */
    static ExactPairs choose(List<String> ledgerLines, int carriedEntries, LedgerColumns in, List<String> lines,
            int carriedLines, LineColumns ch, boolean[] pairedEntry, boolean[] pairedLine, String channel,
            ChannelConfig cfg, ReconContext ctx) {
        int n = in.txn.length;
        // The count tables live only while partners are found: at 10M rows per side they are gigabytes.
        long[] idHi = new long[n];
        long[] idLo = new long[n];
        int[] lineOf = partners(ledgerLines, carriedEntries, in, lines, carriedLines, ch, channel, idHi, idLo);
        int count = 0;
        for (int i = carriedEntries; i < n; i++) {
            count += lineOf[i] >= 0 ? 1 : 0;
        }
        if (count == 0) {
            return NONE;
        }
        return sorted(lineOf, count, idHi, idLo, ledgerLines, carriedEntries, lines, carriedLines, pairedEntry,
                pairedLine, channel, cfg, ctx);
    }

    /**
     * For each of today's entries the line it pairs with, or -1 (carried entries: always -1): over
     * the day's hash counts, then the references compared as text.
     */
    private static int[] partners(List<String> ledgerLines, int carriedEntries, LedgerColumns in, List<String> lines,
            int carriedLines, LineColumns ch, String channel, long[] idHi, long[] idLo) {
        int n = in.txn.length;
        int m = ch.own.length;
        HashCounts txn = new HashCounts(n);
        HashCounts root = new HashCounts(n);
        HashCounts ref = new HashCounts(n);
        HashCounts parentRef = new HashCounts(Math.min(n, 1 << 16));
        HashCounts own = new HashCounts(m);
        HashCounts mod = new HashCounts(Math.min(m, 1 << 16));
        HashCounts parent = new HashCounts(Math.min(m, 1 << 16));
        HashCounts merchant = new HashCounts(m);
        // Each table is filled by one task (a table is not thread-safe); the tasks share the cores.
        List<Runnable> fills = List.of(() -> txn.addAll(in.txn), () -> root.addAll(in.root), () -> ref.addAll(in.ref),
                () -> parentRef.addAll(in.parentRef), () -> own.addAll(ch.own), () -> mod.addAll(ch.modification),
                () -> parent.addAll(ch.parent), () -> merchant.addAll(ch.merchant));
        fills.parallelStream().forEach(Runnable::run);
        int[] lineOf = new int[n];
        Arrays.fill(lineOf, -1);
        int slices = Math.max(1, Math.min(64, (n - carriedEntries) / 4096));
        StagedLines mappedLedger = ledgerLines instanceof StagedLines a && a.columns() != null ? a : null;
        StagedLines mappedLines = lines instanceof StagedLines b && b.columns() != null ? b : null;
        IntStream.range(0, slices).parallel().forEach(slice -> {
            int[] start = new int[L_FIELDS + 1];
            int[] lineStart = new int[S_FIELDS + 1];
            int from = carriedEntries + (int) ((long) (n - carriedEntries) * slice / slices);
            int to = carriedEntries + (int) ((long) (n - carriedEntries) * (slice + 1) / slices);
            for (int i = from; i < to; i++) {
                if (!in.candidate[i]) {
                    continue;
                }
                long r = in.ref[i];
                long p = in.payment[i];
                long t = in.txn[i];
                if (txn.count(t) != 1 || root.count(in.root[i]) != 1 || ref.count(r) != 1 || parentRef.count(r) != 0
                        || own.count(r) != 1) {
                    continue;
                }
                int j = own.last(r);
                if (j < carriedLines || !ch.candidate[j] || ch.category[j] != in.category[i]
                        || mod.count(r) - (ch.modification[j] == r ? 1 : 0) != 0
                        || parent.count(r) - (ch.parent[j] == r ? 1 : 0) != 0
                        || merchant.count(p) - (ch.merchant[j] == p ? 1 : 0) != 0
                        || (t != p && merchant.count(t) - (ch.merchant[j] == t ? 1 : 0) != 0)
                        || ch.amount[j] != in.amount[i] || !ch.currency[j].equals(in.currency[i])) {
                    continue;
                }
                // Equal hashes: the references themselves must be equal (the line is no modification: own = channel ref).
                if (mappedLedger != null && mappedLines != null) {
                    int positioned = samePositionedReference(mappedLedger, i - carriedEntries, mappedLines, j - carriedLines);
                    if (positioned == 0) {
                        continue;
                    }
                    if (positioned > 0) {
                        lineOf[i] = j;
                        UUID id = ReconIds.entryUuid(ReconMode.BATCH, channel, mappedLedger.text(i - carriedEntries,
                                StagedColumns.L_TXN_AT, positioned - 1));
                        idHi[i] = id.getMostSignificantBits();
                        idLo[i] = id.getLeastSignificantBits();
                        continue;
                    }
                }
                String entry = ledgerLines.get(i - carriedEntries);
                String line = lines.get(j - carriedLines);
                cells(entry, start);
                cells(line, lineStart);
                int len = start[L_REF + 1] - 1 - start[L_REF];
                if (lineStart[S_REF + 1] - 1 - lineStart[S_REF] != len
                        || !entry.regionMatches(start[L_REF], line, lineStart[S_REF], len)) {
                    continue;
                }
                lineOf[i] = j;
                // The pair's recon_id while its entry's text is at hand (the pairs are sorted by it).
                UUID id = ReconIds.entryUuid(ReconMode.BATCH, channel, entry.substring(start[L_TXN], start[L_TXN + 1] - 1));
                idHi[i] = id.getMostSignificantBits();
                idLo[i] = id.getLeastSignificantBits();
            }
        });
        return lineOf;
    }

    /**
     * Compares entry line i's channel reference with settlement line j's as bytes in the mapped files, at
     * the positions their staged records give (no String per line, no cells cut): the text path's
     * comparison, as equal UTF-8 bytes are equal text. Returns 0 when they differ, the entry's
     * transaction id length in bytes + 1 when they are equal, or -1 when either row is to be read from
     * its text.
     */
    private static int samePositionedReference(StagedLines ledger, int i, StagedLines lines, int j) {
        StagedColumns ec = ledger.columns();
        StagedColumns sc = lines.columns();
        int er = ledger.number(i);
        int sr = lines.number(j);
        if ((ec.getByte(er, StagedColumns.L_FLAGS) & StagedColumns.TEXT) != 0
                || (sc.getByte(sr, StagedColumns.S_FLAGS) & StagedColumns.TEXT) != 0) {
            return -1;
        }
        int len = ec.getInt(er, StagedColumns.L_REF_LEN);
        if (sc.getInt(sr, StagedColumns.S_REF_LEN) != len || !ledger.regionEquals(i, ec.getInt(er, StagedColumns.L_REF_AT),
                lines, j, sc.getInt(sr, StagedColumns.S_REF_AT), len)) {
            return 0;
        }
        return ec.getInt(er, StagedColumns.L_TXN_LEN) + 1;
    }

    /** Sorts the pairs of {@code lineOf} (entry i's line, or -1; its recon_id in idHi[i], idLo[i]) by recon_id. */
    private static ExactPairs sorted(int[] lineOf, int count, long[] idHi, long[] idLo, List<String> ledgerLines,
            int carriedEntries,
            List<String> lines, int carriedLines, boolean[] pairedEntry, boolean[] pairedLine, String channel,
            ChannelConfig cfg, ReconContext ctx) {
        int n = lineOf.length;
        // Sorted by recon_id: the top 40 bits of the id's first long (unsigned order) with the pair's index
        // below them sort in one primitive sort; runs of equal top bits are then put in full order.
        long[] keys = new long[count];
        int[] entries = new int[count];
        int[] settled = new int[count];
        long[] hi = new long[count];
        long[] lo = new long[count];
        int k = 0;
        for (int i = carriedEntries; i < n; i++) {
            if (lineOf[i] >= 0) {
                pairedEntry[i] = true;
                pairedLine[lineOf[i]] = true;
                entries[k] = i - carriedEntries;
                settled[k] = lineOf[i] - carriedLines;
                hi[k] = idHi[i];
                lo[k] = idLo[i];
                k++;
            }
        }
        if (count > 0xFFFFFF) {
            throw new IllegalStateException("more than 16,777,215 exact pairs in one day: split the day");
        }
        for (int x = 0; x < count; x++) {
            keys[x] = ((hi[x] ^ Long.MIN_VALUE) & ~0xFFFFFFL) | x;
        }
        Arrays.parallelSort(keys);
        int[] order = new int[count];
        for (int x = 0; x < count; x++) {
            order[x] = (int) (keys[x] & 0xFFFFFFL);
        }
        for (int a = 0; a < count;) {
            int b = a + 1;
            while (b < count && (keys[b] & ~0xFFFFFFL) == (keys[a] & ~0xFFFFFFL)) {
                b++;
            }
            if (b - a > 1) {
                Integer[] run = new Integer[b - a];
                for (int x = a; x < b; x++) {
                    run[x - a] = order[x];
                }
                Arrays.sort(run, (u, v) -> {
                    int c = Long.compareUnsigned(hi[u], hi[v]);
                    return c != 0 ? c : Long.compareUnsigned(lo[u], lo[v]);
                });
                for (int x = a; x < b; x++) {
                    order[x] = run[x - a];
                }
            }
            a = b;
        }
        int[] sortedEntries = new int[count];
        int[] sortedLines = new int[count];
        long[] sortedHi = new long[count];
        long[] sortedLo = new long[count];
        for (int x = 0; x < count; x++) {
            int o = order[x];
            sortedEntries[x] = entries[o];
            sortedLines[x] = settled[o];
            sortedHi[x] = hi[o];
            sortedLo[x] = lo[o];
        }
        return new ExactPairs(ledgerLines, sortedEntries, lines, sortedLines, sortedHi, sortedLo, channel, cfg, ctx);
    }

    // ------------------------------------------------------------------ cells of a staged line

    /** Cell starts of a tab-separated line ({@code start[k+1] - 1} ends cell k); returns the number of cells. */
    static int cells(String line, int[] start) {
        int k = 0;
        start[0] = 0;
        int from = 0;
        while (true) {
            int tab = line.indexOf('\t', from);
            if (k + 1 >= start.length) {
                return -1;
            }
            if (tab < 0) {
                start[k + 1] = line.length() + 1;
                return k + 1;
            }
            start[++k] = tab + 1;
            from = tab + 1;
        }
    }

    /** Whether a cell in [first, last] holds an escape (a backslash other than a whole {@code \\N}, the null mark). */
    static boolean escaped(String line, int[] start, int first, int last) {
        int slash = line.indexOf('\\', start[first]);
        while (slash >= 0 && slash < start[last + 1] - 1) {
            int k = first;
            while (start[k + 1] <= slash) {
                k++;
            }
            if (!isNull(line, start, k)) {
                return true;
            }
            slash = line.indexOf('\\', start[k + 1]);
        }
        return false;
    }

    private static String cell(String line, int[] start, int k) {
        return line.substring(start[k], start[k + 1] - 1);
    }

    private static boolean empty(int[] start, int k) {
        return start[k + 1] - 1 == start[k];
    }

    private static boolean isNull(String line, int[] start, int k) {
        return start[k + 1] - 1 - start[k] == 2 && line.charAt(start[k]) == '\\' && line.charAt(start[k] + 1) == 'N';
    }

    private static boolean blank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static final TransactionStatus[] STATUSES = TransactionStatus.values();
    private static final String[] TYPE_NAMES = names(TYPES);
    private static final String[] STATUS_NAMES = names(STATUSES);
    private static final String[] CATEGORY_NAMES = names(CATEGORIES);

    private static String[] names(Enum<?>[] values) {
        String[] out = new String[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k].name();
        }
        return out;
    }

    /** The ordinal of the enum constant named by cell k (as {@code valueOf}, without cutting the cell out). */
    private static int named(String[] names, String line, int[] start, int k) {
        int from = start[k];
        int len = start[k + 1] - 1 - from;
        for (int o = 0; o < names.length; o++) {
            if (names[o].length() == len && line.regionMatches(from, names[o], 0, len)) {
                return o;
            }
        }
        throw new IllegalArgumentException("not a known name in a staged line: " + cell(line, start, k));
    }

    /** Cell k as a currency code, one String per code among the few a slice sees (kept in {@code codes}). */
    private static String code(String[] codes, String line, int[] start, int k) {
        int from = start[k];
        int len = start[k + 1] - 1 - from;
        for (int o = 0; o < codes.length; o++) {
            String c = codes[o];
            if (c == null) {
                codes[o] = cell(line, start, k);
                return codes[o];
            }
            if (c.length() == len && line.regionMatches(from, c, 0, len)) {
                return c;
            }
        }
        return cell(line, start, k);
    }

    /** The date at {@code s[from, to)} as an epoch day, by {@link StagedFields#date(String, int, int)}. */
    private static int epochDay(String s, int from, int to) {
        return (int) StagedFields.date(s, from, to).toEpochDay();
    }

    private static boolean isModification(RecordCategory c) {
        return c == RecordCategory.REFUND || c == RecordCategory.CHARGEBACK || c == RecordCategory.REFUND_REVERSAL
                || c == RecordCategory.CHARGEBACK_REVERSAL;
    }

    /** {@link #fees(String, int, int, String)}'s answer for fees that are not all in the currency (or do not parse). */
    private static final long NO_FEES = Long.MIN_VALUE;

    /** The sum of staged fees ({@code KIND:minor:CCY|...}) at {@code s[from, to)} when all are in {@code currency}, else NO_FEES. */
    private static long fees(String s, int from, int to, String currency) {
        long sum = 0;
        int part = from;
        while (part < to) {
            int end = s.indexOf('|', part);
            end = end < 0 || end > to ? to : end;
            int c1 = s.indexOf(':', part);
            int c2 = c1 < 0 || c1 >= end ? -1 : s.indexOf(':', c1 + 1);
            if (c2 < 0 || c2 >= end || end - c2 - 1 != currency.length()
                    || !s.regionMatches(c2 + 1, currency, 0, currency.length())) {
                return NO_FEES;
            }
            try {
                sum = Math.addExact(sum, Long.parseLong(s, c1 + 1, c2, 10));
            } catch (ArithmeticException | NumberFormatException e) {
                return NO_FEES;
            }
            part = end + 1;
        }
        return sum;
    }

    /** As {@link #fees(String, int, int, String)} for a whole cell (the pair's line, already known to hold its fees in one currency). */
    private static long fees(String cell, String currency) {
        return fees(cell, 0, cell.length(), currency);
    }

    // ------------------------------------------------------------------ hashes

    /** A 64-bit hash of staged (escaped) text; 0 is kept for "no value". */
    static long hash(String s, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return finish(h);
    }

    /** The hash of a text as staged: escaped as {@link StagedFields#appendEscaped} writes it. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char escaped = switch (c) {
                case '\\' -> '\\';
                case '\t' -> 't';
                case '\n' -> 'n';
                case '\r' -> 'r';
                default -> 0;
            };
            if (escaped != 0) {
                h = (h ^ '\\') * 0x100000001b3L;
                c = escaped;
            }
            h = (h ^ c) * 0x100000001b3L;
        }
        return finish(h);
    }

    static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /**
     * How often each hash occurs, and the last row it occurred in (open addressing over primitives; 0 is
     * no value). A slot is two longs side by side, the key and then its count and last row, so a look-up
     * reads one cache line: at 10M rows per side the tables are hundreds of megabytes, every look-up is a
     * cache miss, and with the three values in three arrays each was three (a tenth of the step's samples).
     */
    static final class HashCounts {
        /** Slot s: {@code table[2s]} the key, {@code table[2s + 1]} the count (high 32 bits) and last row (low 32). */
        private long[] table;
        private int slots;
        private int size;

        HashCounts(int expected) {
            // Room for the expected keys at a load of at most 3/4 (probes stay short with these hashes): the
            // day's tables are the match step's largest arrays, 16 bytes a slot.
            slots = Integer.highestOneBit((int) Math.min(1 << 29, Math.max(16, expected * 4L / 3)) - 1) << 1;
            table = new long[2 * slots];
        }

        /** Adds every value of a column (its index as the row). */
        void addAll(long[] column) {
            for (int i = 0; i < column.length; i++) {
                add(column[i], i);
            }
        }

        void add(long key, int row) {
            if (key == 0) {
                return;
            }
            if (4L * (size + 1) > 3L * slots) {
                grow();
            }
            int s = slot(key);
            if (table[s] == 0) {
                table[s] = key;
                size++;
            }
            table[s + 1] = ((table[s + 1] >>> 32) + 1) << 32 | (row & 0xFFFFFFFFL);
        }

        int count(long key) {
            if (key == 0) {
                return 0;
            }
            int s = slot(key);
            return table[s] == 0 ? 0 : (int) (table[s + 1] >>> 32);
        }

        int last(long key) {
            int s = slot(key);
            return table[s] == 0 ? -1 : (int) table[s + 1];
        }

        /** The index of the key's slot in {@link #table} (even), or of the empty slot where it would go. */
        private int slot(long key) {
            int mask = slots - 1;
            int s = (int) (key ^ (key >>> 32)) & mask;
            while (table[2 * s] != 0 && table[2 * s] != key) {
                s = (s + 1) & mask;
            }
            return 2 * s;
        }

        private void grow() {
            long[] old = table;
            slots *= 2;
            table = new long[2 * slots];
            for (int x = 0; x < old.length; x += 2) {
                if (old[x] != 0) {
                    int s = slot(old[x]);
                    table[s] = old[x];
                    table[s + 1] = old[x + 1];
                }
            }
        }
    }

    /** For tests: the pairs' transaction ids. */
    List<String> transactionIds() {
        List<String> out = new ArrayList<>(size());
        int[] s = new int[L_FIELDS + 1];
        for (int k = 0; k < size(); k++) {
            String line = ledgerLine(k);
            cells(line, s);
            out.add(line.substring(s[L_TXN], s[L_TXN + 1] - 1));
        }
        return out;
    }
}
