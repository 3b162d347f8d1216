package dev.recon.core.match;

import dev.recon.core.config.AmountTolerance;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.MatchKey;
import dev.recon.core.config.SettlementCalendar;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.result.BreakType;
import dev.recon.core.settlement.RecordCategory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The fast path for very large days: a partitioned hash join on the channel reference over
 * primitive columns (about 60 bytes per record instead of several hundred for objects), deciding
 * the plain 1:1 pairs with the engine's own rules ({@link LegExpectation},
 * {@link AmountTolerance.Resolved}, the same break precedence) and handing everything else back.
 *
 * <p>What it decides: a ledger entry and exactly one channel line under the same channel reference
 * and category (MATCHED, STATUS_MISMATCH, CURRENCY_MISMATCH, AMOUNT_MISMATCH); further copies of
 * that line (DUPLICATE); entries that expect no settlement line (MATCHED) or are not due yet
 * (PENDING). What it defers ({@code DEFERRED}) to {@link ReconEngine}: anything without a
 * reference hit (fallback keys and near-miss explanations need the engine), several entries or
 * distinct lines under one reference (1:N, N:1), refunds and chargebacks (over-refund needs the
 * whole payment), mismatched categories. The caller reconciles the deferred rows, which are few on
 * a normal day, with {@link ReconEngine#reconcile}. Refuses channels with a fee schedule or with
 * a key order that does not start with channel_ref, and expects lines without FX (convert or defer
 * them before adding). {@code ColumnarMatcherTest} checks that every decision it makes equals the
 * engine's.
 *
 * <p>How: references of up to 16 ASCII characters are packed exactly into two longs when a row is
 * added, so the day is held without a string per row (longer ones are hashed and verified against
 * the strings kept for them); both sides are radix-partitioned on the key hash
 * so each partition's hash table fits in cache; threads take whole partitions, so there is no
 * locking, and rows keep their input order inside a partition, so the result does not depend on
 * the thread count.
 */
public final class ColumnarMatcher {

    public static final byte MATCHED = 0;
    public static final byte BREAK = 1;
    public static final byte PENDING = 2;
    public static final byte DEFERRED = 3;
    /** Channel rows only: accounted for by the ledger entry it matched. */
    public static final byte CONSUMED = 4;

    /** Target ledger rows per partition (about 200 KB of hash table); tests lower it to exercise partitioning. */
    static int rowsPerPartition = 8192;

    private ColumnarMatcher() {
    }

    /** Ledger entries as columns. */
    public static final class Ledger {
        final CurrencyTable currencies;
        final long[] k1;
        final long[] k2;
        /** Only references that cannot be packed (longer than 16 or non-ASCII) are kept as strings. */
        String[] ref;
        long[] amount;
        short[] currency;
        byte[] type;
        byte[] status;
        long[] createdEpochSecond;
        int size;

        public Ledger(int capacity, CurrencyTable currencies) {
            this.currencies = currencies;
            k1 = new long[capacity];
            k2 = new long[capacity];
            ref = new String[capacity];
            amount = new long[capacity];
            currency = new short[capacity];
            type = new byte[capacity];
            status = new byte[capacity];
            createdEpochSecond = new long[capacity];
        }

        /** Adds an entry; {@code amountMinor} positive, as on {@code LedgerEntry}. */
        public void add(String channelRef, long amountMinor, Currency c, TransactionType t, TransactionStatus s,
                Instant created) {
            int i = size++;
            if (!pack(channelRef, k1, k2, i)) {
                ref[i] = channelRef;
            }
            amount[i] = amountMinor;
            currency[i] = currencies.indexOf(c);
            type[i] = (byte) t.ordinal();
            status[i] = (byte) s.ordinal();
            createdEpochSecond[i] = created.getEpochSecond();
        }

        public int size() {
            return size;
        }

        public String ref(int i) {
            return ref[i] != null ? ref[i] : unpack(k1[i], k2[i]);
        }

        public long amountMinor(int i) {
            return amount[i];
        }

        public Currency currency(int i) {
            return currencies.get(currency[i]);
        }

        public TransactionType type(int i) {
            return TransactionType.values()[type[i]];
        }

        public TransactionStatus status(int i) {
            return TransactionStatus.values()[status[i]];
        }

        public Instant created(int i) {
            return Instant.ofEpochSecond(createdEpochSecond[i]);
        }
    }

    /** Channel payment lines as columns: the own reference, the comparable amount (absolute) and the category. */
    public static final class Channel {
        final CurrencyTable currencies;
        final long[] k1;
        final long[] k2;
        String[] ref;
        String[] modificationRef;
        long[] amount;
        short[] currency;
        byte[] category;
        int size;

        public Channel(int capacity, CurrencyTable currencies) {
            this.currencies = currencies;
            k1 = new long[capacity];
            k2 = new long[capacity];
            ref = new String[capacity];
            modificationRef = new String[capacity];
            amount = new long[capacity];
            currency = new short[capacity];
            category = new byte[capacity];
        }

        public void add(String ownRef, String modRef, long comparableAmountMinor, Currency c, RecordCategory cat) {
            int i = size++;
            if (!pack(ownRef, k1, k2, i)) {
                ref[i] = ownRef;
            }
            modificationRef[i] = modRef;
            amount[i] = Math.abs(comparableAmountMinor);
            currency[i] = currencies.indexOf(c);
            category[i] = (byte) cat.ordinal();
        }

        public int size() {
            return size;
        }

        public String ref(int j) {
            return ref[j] != null ? ref[j] : unpack(k1[j], k2[j]);
        }

        public String modificationRef(int j) {
            return modificationRef[j];
        }

        public long amountMinor(int j) {
            return amount[j];
        }

        public Currency currency(int j) {
            return currencies.get(currency[j]);
        }

        public RecordCategory category(int j) {
            return RecordCategory.values()[category[j]];
        }
    }

    /** Small currency dictionary shared by both sides (a run rarely sees more than a few dozen). */
    public static final class CurrencyTable {
        private volatile Currency[] list = new Currency[0];

        public short indexOf(Currency c) {
            Currency[] l = list;
            for (int i = 0; i < l.length; i++) {
                if (l[i] == c) {
                    return (short) i;
                }
            }
            return add(c);
        }

        private synchronized short add(Currency c) {
            Currency[] l = list;
            for (int i = 0; i < l.length; i++) {
                if (l[i].equals(c)) {
                    return (short) i;
                }
            }
            Currency[] grown = Arrays.copyOf(l, l.length + 1);
            grown[l.length] = c;
            list = grown;
            return (short) l.length;
        }

        Currency get(int i) {
            return list[i];
        }

        int size() {
            return list.length;
        }
    }

    /** Per-row decisions: status codes (constants above) and break types (ordinal, -1 for none). */
    public static final class Outcome {
        public final byte[] internalStatus;
        public final byte[] internalBreak;
        /** The channel row an entry matched, or -1. */
        public final int[] internalMatch;
        public final byte[] channelStatus;
        public final byte[] channelBreak;

        Outcome(int n, int m) {
            internalStatus = new byte[n];
            internalBreak = new byte[n];
            internalMatch = new int[n];
            channelStatus = new byte[m];
            channelBreak = new byte[m];
        }

        public BreakType internalBreakType(int i) {
            return internalBreak[i] < 0 ? null : BreakType.values()[internalBreak[i]];
        }

        public BreakType channelBreakType(int j) {
            return channelBreak[j] < 0 ? null : BreakType.values()[channelBreak[j]];
        }

        public long countInternal(byte status) {
            long c = 0;
            for (byte b : internalStatus) {
                c += b == status ? 1 : 0;
            }
            return c;
        }

        public long countChannel(byte status) {
            long c = 0;
            for (byte b : channelStatus) {
                c += b == status ? 1 : 0;
            }
            return c;
        }
    }

    /**
     * Matches one channel's ledger entries against its settlement lines for a business date.
     *
     * @param threads worker threads (the result does not depend on it)
     */
    public static Outcome match(Ledger in, Channel ch, ChannelConfig cfg, LocalDate businessDate, int threads) {
        if (!cfg.feeSchedule().isEmpty()) {
            throw new IllegalArgumentException("channel " + cfg.name()
                    + " has a fee schedule: fees are checked by ReconEngine, not the columnar fast path");
        }
        if (cfg.matchKeys().get(0) != MatchKey.CHANNEL_REF) {
            throw new IllegalArgumentException("channel " + cfg.name() + " does not match on channel_ref first");
        }
        int workers = Math.max(1, threads);
        int n = in.size;
        int m = ch.size;
        Outcome out = new Outcome(n, m);
        Arrays.fill(out.internalMatch, -1);
        Arrays.fill(out.internalBreak, (byte) -1);
        Arrays.fill(out.channelBreak, (byte) -1);
        // Deferral is marked in out.internalStatus (DEFERRED) as the join finds it; decideInternal keeps the mark.

        long[] inK1 = in.k1;
        long[] inK2 = in.k2;
        long[] chK1 = ch.k1;
        long[] chK2 = ch.k2;
        // 2. Radix-partition both sides so each partition's hash table stays in cache.
        int bits = Math.max(0, Math.min(14, 64 - Long.numberOfLeadingZeros(Math.max(1, n / rowsPerPartition))));
        int parts = 1 << bits;
        int[] inStart = new int[parts + 1];
        int[] chStart = new int[parts + 1];
        int[] inRows = scatter(inK1, inK2, n, bits, inStart, workers);
        int[] chRows = scatter(chK1, chK2, m, bits, chStart, workers);
        // 3. Join partition by partition; partitions are independent, so any thread may take any.
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        run(workers, w -> {
            JoinScratch scratch = new JoinScratch();
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                joinPartition(inStart[p], inStart[p + 1], chStart[p], chStart[p + 1], inRows, chRows, inK1,
                        inK2, chK1, chK2, in, ch, out, scratch);
            }
        });

        AmountTolerance.Resolved[] tol = new AmountTolerance.Resolved[in.currencies.size()];
        for (int c = 0; c < tol.length; c++) {
            tol[c] = cfg.resolvedTolerance(in.currencies.get(c));
        }
        DueDates due = new DueDates(cfg.calendar(), businessDate);
        TransactionType[] types = TransactionType.values();
        TransactionStatus[] statuses = TransactionStatus.values();
        run(workers, w -> {
            decideInternal(lo(n, workers, w), hi(n, workers, w), in, ch, out, tol, due.copy(), types,
                    statuses);
        });
        return out;
    }

    /** Null reference: key (0, 0) and no string; the join treats it as "no reference". */
    static final long NO_REF = 0L;

    /**
     * Packs a reference of up to 16 ASCII characters exactly into two longs (equal keys if and only
     * if equal references; NUL never occurs in a reference, so zero padding is unambiguous) and
     * returns true; anything else gets a hash key with the sign bit set and false (the caller keeps
     * the string to verify hits).
     */
    static boolean pack(String ref, long[] k1, long[] k2, int i) {
        if (ref == null) {
            k1[i] = NO_REF;
            k2[i] = NO_REF;
            return true;
        }
        int len = ref.length();
        if (len <= 16 && len > 0) {
            long a = 0;
            long b = 0;
            boolean ascii = true;
            for (int c = 0; c < len; c++) {
                char ch = ref.charAt(c);
                if (ch == 0 || ch > 127) {
                    ascii = false;
                    break;
                }
                if (c < 8) {
                    a |= ((long) ch) << (56 - 8 * c);
                } else {
                    b |= ((long) ch) << (56 - 8 * (c - 8));
                }
            }
            if (ascii) {
                k1[i] = a;
                k2[i] = b;
                return true;
            }
        }
        long h = 0x9E3779B97F4A7C15L;
        long g = len;
        for (int c = 0; c < len; c++) {
            h = (h ^ ref.charAt(c)) * 0x100000001B3L;
            g = g * 31 + ref.charAt(c);
        }
        k1[i] = mix64(h) | Long.MIN_VALUE;
        k2[i] = g;
        return false;
    }

    static String unpack(long a, long b) {
        if (a == NO_REF && b == NO_REF) {
            return null;
        }
        StringBuilder sb = new StringBuilder(16);
        for (long w : new long[] {a, b}) {
            for (int c = 0; c < 8; c++) {
                char ch = (char) ((w >>> (56 - 8 * c)) & 0xFF);
                if (ch == 0) {
                    return sb.toString();
                }
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static long hashOf(long k1, long k2) {
        return mix64(k1 * 0x9E3779B97F4A7C15L ^ k2);
    }

    /** Counting sort of row indexes by partition; rows keep ascending order inside each partition. */
    private static int[] scatter(long[] k1, long[] k2, int size, int bits, int[] start, int workers) {
        int parts = 1 << bits;
        int[][] counts = new int[workers][parts];
        run(workers, w -> {
            int[] c = counts[w];
            for (int i = lo(size, workers, w); i < hi(size, workers, w); i++) {
                c[part(k1[i], k2[i], bits)]++;
            }
        });
        int[][] offsets = new int[workers][parts];
        int pos = 0;
        for (int p = 0; p < parts; p++) {
            start[p] = pos;
            for (int w = 0; w < workers; w++) {
                offsets[w][p] = pos;
                pos += counts[w][p];
            }
        }
        start[parts] = pos;
        int[] rows = new int[size];
        run(workers, w -> {
            int[] o = offsets[w];
            for (int i = lo(size, workers, w); i < hi(size, workers, w); i++) {
                rows[o[part(k1[i], k2[i], bits)]++] = i;
            }
        });
        return rows;
    }

    private static int part(long k1, long k2, int bits) {
        return bits == 0 ? 0 : (int) (hashOf(k1, k2) >>> (64 - bits));
    }

    /** Rows gathered per batch: enough independent loads in flight to hide memory latency, small enough for L1. */
    private static final int BATCH = 64;

    /**
     * Per-thread scratch of the join: a partition's ledger keys copied next to its hash table, so the
     * probes compare keys in cache instead of following a row index into the 10M-row columns, and
     * batch buffers for the gathers.
     */
    private static final class JoinScratch {
        int[] table = new int[16];
        long[] k1 = new long[16];
        long[] k2 = new long[16];
        /** Category code of each ledger row of the partition (ordinal of its settlement category, -1 for none). */
        byte[] cat = new byte[16];
        /** First channel row that hit each ledger row of the partition, -1 for none. */
        int[] first = new int[16];
        /** Whether each ledger row of the partition is deferred to the engine. */
        boolean[] deferred = new boolean[16];
        /** The ledger row (partition index) each channel row of the partition hit, -1 for none. */
        int[] chHit = new int[16];
        final int[] rows = new int[BATCH];
        final long[] bk1 = new long[BATCH];
        final long[] bk2 = new long[BATCH];
        final byte[] bcat = new byte[BATCH];
        final int[] hits = new int[BATCH];

        void ensure(int count, int chCount, int cap) {
            if (table.length < cap) {
                table = new int[cap];
            }
            if (chHit.length < chCount) {
                chHit = new int[Math.max(chCount, chHit.length * 2)];
            }
            if (k1.length < count) {
                int n = Math.max(count, k1.length * 2);
                k1 = new long[n];
                k2 = new long[n];
                cat = new byte[n];
                first = new int[n];
                deferred = new boolean[n];
            }
        }
    }

    /** Category code per transaction type ordinal: the settlement category a line must have to pair with it. */
    private static final byte[] CATEGORY_OF_TYPE = categoryOfType();

    private static byte[] categoryOfType() {
        TransactionType[] types = TransactionType.values();
        byte[] codes = new byte[types.length];
        for (TransactionType t : types) {
            RecordCategory c = LegExpectation.categoryOf(t);
            codes[t.ordinal()] = c == null ? -1 : (byte) c.ordinal();
        }
        return codes;
    }

    /**
     * Joins one partition. The rows of a partition are scattered across the 10M-row columns, so each
     * one read there is a cache miss; they are read in batches by loops without data-dependent
     * branches, so the processor keeps many misses in flight instead of one at a time, and
     * everything after that works on the partition's copies in cache. Rows are processed in the same
     * order as one row at a time, so the decisions are unchanged.
     */
    private static void joinPartition(int inFrom, int inTo, int chFrom, int chTo, int[] inRows, int[] chRows,
            long[] inK1, long[] inK2, long[] chK1, long[] chK2, Ledger in, Channel ch, Outcome out, JoinScratch sc) {
        int count = inTo - inFrom;
        int cap = Integer.highestOneBit(Math.max(8, count) * 2 - 1) << 1;
        sc.ensure(count, chTo - chFrom, cap);
        int[] table = sc.table;
        Arrays.fill(table, 0, cap, 0);
        int slots = cap - 1;
        long[] lk1 = sc.k1;
        long[] lk2 = sc.k2;
        byte[] lcat = sc.cat;
        int[] first = sc.first;
        boolean[] deferred = sc.deferred;
        int[] chHit = sc.chHit;
        byte[] internalStatus = out.internalStatus;
        int[] rows = sc.rows;
        long[] bk1 = sc.bk1;
        long[] bk2 = sc.bk2;
        byte[] bcat = sc.bcat;
        int[] hits = sc.hits;
        byte[] inType = in.type;
        byte[] chCategory = ch.category;
        // Ledger side: copy the partition's keys and categories into the scratch, then build the table.
        for (int r0 = inFrom; r0 < inTo; r0 += BATCH) {
            int n = Math.min(BATCH, inTo - r0);
            int base = r0 - inFrom;
            for (int t = 0; t < n; t++) {
                int i = inRows[r0 + t];
                lk1[base + t] = inK1[i];
                lk2[base + t] = inK2[i];
                lcat[base + t] = CATEGORY_OF_TYPE[inType[i]];
            }
        }
        for (int r = 0; r < count; r++) {
            first[r] = -1;
            deferred[r] = false;
            int i = inRows[inFrom + r];
            long a = lk1[r];
            long b = lk2[r];
            boolean noRef = a == NO_REF && b == NO_REF;
            if (noRef) {
                deferred[r] = true;
                continue;
            }
            // Refunds and chargebacks need the whole payment (over-refund); they still take their line here.
            if (TYPES[inType[i]].isModification()) {
                deferred[r] = true;
            }
            int s = (int) hashOf(a, b) & slots;
            while (true) {
                int k = table[s] - 1;
                if (k < 0) {
                    table[s] = r + 1;
                    break;
                }
                if (lk1[k] == a && lk2[k] == b && (a >= 0 || in.ref[inRows[inFrom + k]].equals(in.ref[i]))) {
                    // Two entries under one reference: N:1 or 1:N, the engine's job.
                    deferred[k] = true;
                    deferred[r] = true;
                    break;
                }
                s = (s + 1) & slots;
            }
        }
        // Channel side, a batch at a time: gather keys and categories, probe, then apply in row order.
        for (int r0 = chFrom; r0 < chTo; r0 += BATCH) {
            int n = Math.min(BATCH, chTo - r0);
            for (int t = 0; t < n; t++) {
                int j = chRows[r0 + t];
                rows[t] = j;
                bk1[t] = chK1[j];
                bk2[t] = chK2[j];
                bcat[t] = chCategory[j];
            }
            for (int t = 0; t < n; t++) {
                long a = bk1[t];
                long b = bk2[t];
                int hit = -1;
                if (a != NO_REF || b != NO_REF) {
                    int s = (int) hashOf(a, b) & slots;
                    while (true) {
                        int k = table[s] - 1;
                        if (k < 0) {
                            break;
                        }
                        if (lk1[k] == a && lk2[k] == b
                                && (a >= 0 || in.ref[inRows[inFrom + k]].equals(ch.ref[rows[t]]))) {
                            hit = k;
                            break;
                        }
                        s = (s + 1) & slots;
                    }
                }
                hits[t] = hit;
                chHit[r0 - chFrom + t] = hit;
            }
            for (int t = 0; t < n; t++) {
                int j = rows[t];
                int h = hits[t];
                if (h < 0) {
                    // No reference (or no hit): fallback keys and the near-miss search belong to the engine.
                    out.channelStatus[j] = DEFERRED;
                    continue;
                }
                int i = inRows[inFrom + h];
                int f = first[h];
                if (f < 0) {
                    first[h] = j;
                    out.internalMatch[i] = j;
                    out.channelStatus[j] = CONSUMED;
                    if (lcat[h] != bcat[t]) {
                        deferred[h] = true;
                    }
                } else if (chCategory[f] == bcat[t]
                        && java.util.Objects.equals(ch.modificationRef[f], ch.modificationRef[j])) {
                    out.channelStatus[j] = BREAK;
                    out.channelBreak[j] = (byte) BreakType.DUPLICATE.ordinal();
                } else {
                    deferred[h] = true;
                    out.channelStatus[j] = DEFERRED;
                }
            }
        }
        // Every deferral of an entry with a line is known now (they all come from its own partition):
        // mark the entries, and send each line (duplicates too) whose entry was deferred with it.
        for (int r = 0; r < count; r++) {
            if (deferred[r]) {
                internalStatus[inRows[inFrom + r]] = DEFERRED;
            }
        }
        for (int r = chFrom; r < chTo; r++) {
            int h = chHit[r - chFrom];
            if (h >= 0 && deferred[h]) {
                int j = chRows[r];
                out.channelStatus[j] = DEFERRED;
                out.channelBreak[j] = -1;
            }
        }
    }

    private static final TransactionType[] TYPES = TransactionType.values();

    /**
     * Decides ledger rows [from, to) in batches: the matched lines' amounts and currencies are gathered
     * first (random reads, many in flight), then each row is decided in order.
     */
    private static void decideInternal(int from, int to, Ledger in, Channel ch, Outcome out,
            AmountTolerance.Resolved[] tol, DueDates due, TransactionType[] types, TransactionStatus[] statuses) {
        long[] amt = new long[BATCH];
        short[] ccy = new short[BATCH];
        int[] match = out.internalMatch;
        for (int i0 = from; i0 < to; i0 += BATCH) {
            int n = Math.min(BATCH, to - i0);
            for (int t = 0; t < n; t++) {
                // Row 0 stands in for "no line" so the loop has no branch; its values are not used then
                // (a day without any payment line has no row 0: nothing is matched then).
                int j = Math.max(0, match[i0 + t]);
                if (j < ch.size) {
                    amt[t] = ch.amount[j];
                    ccy[t] = ch.currency[j];
                }
            }
            for (int t = 0; t < n; t++) {
                decideInternal(i0 + t, in, out, tol, due, types, statuses, amt[t], ccy[t]);
            }
        }
    }

    private static void decideInternal(int i, Ledger in, Outcome out,
            AmountTolerance.Resolved[] tol, DueDates due, TransactionType[] types, TransactionStatus[] statuses,
            long lineAmount, short lineCurrency) {
        if (out.internalStatus[i] == DEFERRED) {
            // Marked by the join; every other row gets its status here.
            return;
        }
        TransactionType type = types[in.type[i]];
        TransactionStatus status = statuses[in.status[i]];
        int j = out.internalMatch[i];
        if (j >= 0) {
            // Same precedence as the engine: status, currency, amount.
            BreakType b = null;
            if (LegExpectation.settlementContradicts(status)) {
                b = BreakType.STATUS_MISMATCH;
            } else if (in.currency[i] != lineCurrency) {
                b = BreakType.CURRENCY_MISMATCH;
            } else if (!tol[in.currency[i]].allows(in.amount[i], lineAmount)) {
                b = BreakType.AMOUNT_MISMATCH;
            }
            out.internalStatus[i] = b == null ? MATCHED : BREAK;
            out.internalBreak[i] = b == null ? -1 : (byte) b.ordinal();
            return;
        }
        if (!LegExpectation.expectsSettlement(type, status)) {
            out.internalStatus[i] = MATCHED;
        } else if (!due.isDue(in.createdEpochSecond[i])) {
            out.internalStatus[i] = PENDING;
        } else {
            // Overdue with no reference hit: the engine tries the fallback keys and explains the near miss.
            out.internalStatus[i] = DEFERRED;
        }
    }

    /** "Is it due" per creation minute, memoised: the calendar is the engine's, only cached. */
    private static final class DueDates {
        private final SettlementCalendar cal;
        private final LocalDate businessDate;
        private final long[] keys = new long[4096];
        private final byte[] values = new byte[4096];

        DueDates(SettlementCalendar cal, LocalDate businessDate) {
            this.cal = cal;
            this.businessDate = businessDate;
            Arrays.fill(keys, Long.MIN_VALUE);
        }

        DueDates copy() {
            return new DueDates(cal, businessDate);
        }

        boolean isDue(long epochSecond) {
            // Cut-offs are whole minutes, so every second of a minute shares the answer.
            long minute = Math.floorDiv(epochSecond, 60);
            int slot = (int) (minute & 4095);
            if (keys[slot] != minute) {
                keys[slot] = minute;
                values[slot] = (byte) (cal.isSettlementDue(Instant.ofEpochSecond(minute * 60), businessDate) ? 1 : 0);
            }
            return values[slot] == 1;
        }
    }

    private static int lo(int size, int parts, int p) {
        return (int) ((long) size * p / parts);
    }

    private static int hi(int size, int parts, int p) {
        return (int) ((long) size * (p + 1) / parts);
    }

    private interface PartitionTask {
        void run(int partition);
    }

    private static void run(int parts, PartitionTask task) {
        if (parts == 1) {
            task.run(0);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                int part = p;
                fs.add(pool.submit(() -> task.run(part)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while matching", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("matching failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
