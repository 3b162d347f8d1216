package dev.recon.core.match;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.result.ReconResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Near-miss search across payment keys for the bulk path: a record that matched nothing is most
 * often a neighbour of another unmatched record under another key (a reference typo, the net
 * booked instead of the gross). Candidates are found through two indexes over the unmatched
 * records only: equal amount and currency, and references one deletion apart (which catches one
 * substituted, inserted, deleted or swapped character). Each bucket is capped so a day with many
 * breaks of one amount stays fast; the explanation then names the best of the first candidates.
 */
final class CrossKeyNearMiss {

    private static final int MAX_CANDIDATES = 8;
    /** Candidates scored per unmatched record, over all buckets: the explanation must stay cheap per break. */
    private static final int MAX_PER_RECORD = 16;
    /** Above this many unmatched records, the reference index is skipped (memory) and only amounts are used. */
    private static final int MAX_REFERENCE_INDEX = 200_000;

    private CrossKeyNearMiss() {
    }

    /** Bucket keys as records: no decimal formatting or string building per lookup. */
    private record AmountKey(String channel, java.util.Currency currency, long minor) {
        static AmountKey of(String channel, dev.recon.core.money.Money m) {
            return new AmountKey(channel, m.currency(), m.minorUnits());
        }
    }


    /**
     * Adds near-miss explanations to the rows of {@code results} that stand for unmatched records
     * ({@code entryRows}, {@code legRows}: by identity of the row) and have none yet.
     */
    static void explain(Map<ReconResult, LedgerEntry> entryRows, Map<ReconResult, ChannelLeg> legRows,
            List<ReconResult> results, ReconContext ctx) {
        if (entryRows.isEmpty() || legRows.isEmpty()) {
            return;
        }
        boolean refIndex = entryRows.size() + legRows.size() <= MAX_REFERENCE_INDEX;
        // Buckets are capped, so fill them in a fixed order: the result must not depend on input order.
        // Stable parallel sorts: the same order as a sequential sort, on both cores.
        LedgerEntry[] entryArray = entryRows.values().toArray(new LedgerEntry[0]);
        StringKeySort.sort(entryArray, LedgerEntry::transactionId,
                java.util.Comparator.comparing(e -> String.valueOf(e.source())));
        List<LedgerEntry> unmatchedEntries = java.util.Arrays.asList(entryArray);
        // The sort key is built once per leg, not once per comparison.
        Keyed[] keyedLegs = new Keyed[legRows.size()];
        int n = 0;
        for (ChannelLeg l : legRows.values()) {
            keyedLegs[n++] = new Keyed(l.naturalKey() + '\u0000' + l.source(), l);
        }
        StringKeySort.sort(keyedLegs, Keyed::key, (a, b) -> 0);
        List<ChannelLeg> unmatchedLegs = new ArrayList<>(keyedLegs.length);
        for (Keyed k : keyedLegs) {
            unmatchedLegs.add(k.leg());
        }
        Map<AmountKey, List<LedgerEntry>> entriesByAmount = new LinkedHashMap<>();
        DeletionIndex<LedgerEntry> entriesByRef = new DeletionIndex<>(refIndex ? unmatchedEntries.size() : 0);
        Map<AmountKey, List<ChannelLeg>> legsByAmount = new LinkedHashMap<>();
        DeletionIndex<ChannelLeg> legsByRef = new DeletionIndex<>(refIndex ? unmatchedLegs.size() : 0);
        // The two sides' indexes are independent: build them on two threads (each in its fixed order).
        java.util.concurrent.CompletableFuture<Void> entrySide = java.util.concurrent.CompletableFuture.runAsync(() -> {
            for (LedgerEntry e : unmatchedEntries) {
                add(entriesByAmount, AmountKey.of(e.channel(), e.amount()), e);
                if (refIndex) {
                    entriesByRef.add(e.channel(), e.channelRef(), e);
                }
            }
            entriesByRef.seal();
        });
        for (ChannelLeg l : unmatchedLegs) {
            ChannelConfig c = ctx.config().channel(l.channel());
            add(legsByAmount, AmountKey.of(l.channel(), l.comparableAmount(c.comparison())), l);
            if (l.net() != null && l.gross() != null && l.net().sameCurrency(l.gross())) {
                add(legsByAmount, AmountKey.of(l.channel(), l.net().abs()), l);
            }
            if (refIndex) {
                legsByRef.add(l.channel(), l.ownRef(), l);
            }
        }
        legsByRef.seal();
        entrySide.join();
        // Each row's explanation reads the finished indexes only, so rows are explained in parallel.
        java.util.stream.IntStream.range(0, results.size()).parallel().forEach(i -> {
            ReconResult r = results.get(i);
            if (r.nearMiss() != null) {
                return;
            }
            LedgerEntry e = entryRows.get(r);
            ChannelLeg l = legRows.get(r);
            String text = null;
            // The candidate lists are the thread's own, emptied per row: the explainer only reads them.
            Scratch scratch = SCRATCH.get();
            if (e != null) {
                List<ChannelLeg> cands = scratch.legs();
                if (refIndex) {
                    legsByRef.collect(e.channel(), e.channelRef(), cands);
                }
                addAll(cands, legsByAmount.get(AmountKey.of(e.channel(), e.amount())));
                text = NearMissExplainer.forEntry(e, firstDistinct(cands, scratch.distinctLegs()),
                        ctx.config().channel(e.channel()));
            } else if (l != null) {
                ChannelConfig c = ctx.config().channel(l.channel());
                List<LedgerEntry> cands = scratch.entries();
                if (refIndex) {
                    entriesByRef.collect(l.channel(), l.ownRef(), cands);
                }
                addAll(cands, entriesByAmount.get(AmountKey.of(l.channel(), l.comparableAmount(c.comparison()))));
                if (l.net() != null && l.gross() != null && l.net().sameCurrency(l.gross())) {
                    addAll(cands, entriesByAmount.get(AmountKey.of(l.channel(), l.net().abs())));
                }
                text = NearMissExplainer.forLeg(l, firstDistinct(cands, scratch.distinctEntries()), c);
            }
            if (text != null) {
                results.set(i, r.withNearMiss(text));
            }
        });
    }

    private record Keyed(String key, ChannelLeg leg) {
    }

    /**
     * One thread's reusable candidate lists and hash buffers: explaining a 10M day's unmatched rows
     * allocated several small lists and arrays per row, all garbage a moment later. The lists are
     * emptied when next used, so a pool thread holds at most a few dozen records of its last row.
     */
    private record Scratch(ArrayList<LedgerEntry> entryList, ArrayList<LedgerEntry> distinctEntryList,
            ArrayList<ChannelLeg> legList, ArrayList<ChannelLeg> distinctLegList, long[][] hashBuffers) {

        List<LedgerEntry> entries() {
            entryList.clear();
            return entryList;
        }

        List<LedgerEntry> distinctEntries() {
            distinctEntryList.clear();
            return distinctEntryList;
        }

        List<ChannelLeg> legs() {
            legList.clear();
            return legList;
        }

        List<ChannelLeg> distinctLegs() {
            distinctLegList.clear();
            return distinctLegList;
        }

        /** Three buffers of at least {@code n} longs (powers, prefix and suffix hashes). */
        long[][] hashBuffers(int n) {
            if (hashBuffers[0].length < n) {
                for (int b = 0; b < 3; b++) {
                    hashBuffers[b] = new long[Math.max(n, hashBuffers[b].length * 2)];
                }
            }
            return hashBuffers;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(
            new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new long[3][33]));

    /**
     * The first {@link #MAX_PER_RECORD} distinct (by identity) candidates in order, appended to
     * {@code out} (empty) and returned. At most that many are kept, so checking each against those
     * kept is cheaper than a set.
     */
    static <T> List<T> firstDistinct(List<T> in, List<T> out) {
        for (T t : in) {
            if (out.size() == MAX_PER_RECORD) {
                break;
            }
            boolean seen = false;
            for (int k = 0; k < out.size() && !seen; k++) {
                seen = out.get(k) == t;
            }
            if (!seen) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The string itself and every string one deletion away; deleting any character of a run of equal
     * characters gives the same string, so each run contributes one variant.
     */
    static List<String> deletions(String s) {
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(s.length() + 1);
        out.add(s);
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && s.charAt(i) == s.charAt(i - 1)) {
                continue;
            }
            out.add(s.substring(0, i) + s.substring(i + 1));
        }
        return out;
    }

    private static <K, T> void add(Map<K, List<T>> m, K k, T v) {
        List<T> l = m.computeIfAbsent(k, x -> new ArrayList<>(1));
        if (l.size() < MAX_CANDIDATES) {
            l.add(v);
        }
    }

    private static <T> void addAll(List<T> out, List<T> in) {
        if (in != null) {
            out.addAll(in);
        }
    }

    /**
     * Index from (channel, reference variant) to the first {@link #MAX_CANDIDATES} records holding that
     * variant, where the variants of a reference are those of {@link #deletions}: the same buckets, in
     * the same order, as a map keyed by the variant strings, but a variant is never built as a string.
     *
     * <p>Built in two phases, because a hash table probed per variant cost a few cache misses per
     * insert (2.5 M variants for 150k references) and hashed each variant from scratch: {@link #add}
     * computes all variant hashes of a reference in one pass (prefix and suffix polynomial hashes, so
     * O(length) rather than O(length^2)) and appends them to two flat arrays; {@link #seal} groups
     * them by their top hash bits with one counting sort, which keeps insertion order inside a group.
     * A lookup scans its group (about eight hashes, one or two cache lines), compares the full 64-bit
     * hash and then checks the candidate in place ({@link #isVariantOf}), so a hash collision can
     * never add a wrong record; the first {@link #MAX_CANDIDATES} records that truly hold the
     * variant, in insertion order, are the bucket. Not thread-safe while adding; after {@link #seal}
     * (also called by the first lookup) lookups may run in parallel.
     */
    static final class DeletionIndex<T> {
        private static final long P = 0x100000001b3L; // FNV-64 prime as polynomial base (odd)
        private final List<T> records = new ArrayList<>();
        private final List<String> refs = new ArrayList<>();
        /**
         * Per record, the index of its channel in {@link #channelNames}: a lookup compares two ints
         * instead of following each candidate to its channel string (a cache miss per candidate).
         */
        private int[] channelOf = new int[16];
        private final List<String> channelNames = new ArrayList<>();
        // Insertion phase: one (hash, record) pair per variant, in insertion order.
        private long[] hashes;
        private int[] owners;
        private int size;
        // Sealed: pairs grouped by the top tableBits of the hash; group g is [start[g], start[g + 1]).
        private volatile boolean sealed;
        private int tableBits;
        private int[] start;
        private long[] groupedHash;
        private int[] groupedOwner;
        /**
         * One bit per low hash bits, about 8 bits per variant (a one-hash Bloom filter of ~1 MB for
         * 150k references): most looked-up variants are absent, and this answers that from cache.
         */
        private long[] present;
        // Scratch for one reference's powers and prefix/suffix hashes (adding is single-threaded).
        private long[] pow = new long[32];
        private long[] prefix = new long[33];
        private long[] suffix = new long[33];

        DeletionIndex(int expectedRecords) {
            // About 17 variants per 16-character reference; the arrays grow if that is short.
            int variants = Math.max(16, Math.min(expectedRecords, MAX_REFERENCE_INDEX) * 17);
            hashes = new long[variants];
            owners = new int[variants];
        }

        void add(String channel, String ref, T record) {
            if (ref == null || ref.isEmpty()) {
                return;
            }
            if (sealed) {
                throw new IllegalStateException("index already sealed");
            }
            int r = records.size();
            records.add(record);
            refs.add(ref);
            if (r == channelOf.length) {
                channelOf = java.util.Arrays.copyOf(channelOf, r * 2);
            }
            channelOf[r] = channelId(channel, true);
            int len = ref.length();
            if (size + len + 1 > hashes.length) {
                int n = Math.max(hashes.length * 2, size + len + 1);
                hashes = java.util.Arrays.copyOf(hashes, n);
                owners = java.util.Arrays.copyOf(owners, n);
            }
            prepare(ref);
            long seed = seed(channel);
            hashes[size] = variantHash(seed, len, -1);
            owners[size++] = r;
            for (int pos = 0; pos < len; pos++) {
                if (pos > 0 && ref.charAt(pos) == ref.charAt(pos - 1)) {
                    continue;
                }
                hashes[size] = variantHash(seed, len, pos);
                owners[size++] = r;
            }
        }

        /** Groups the variants for lookup; idempotent. */
        synchronized void seal() {
            if (sealed) {
                return;
            }
            // About eight variants per group: the group starts (an int per group) then fit in cache while
            // sealing, and a lookup still reads one or two cache lines of hashes.
            tableBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, size >>> 3)));
            int groups = 1 << tableBits;
            start = new int[groups + 1];
            int shift = 64 - tableBits;
            for (int k = 0; k < size; k++) {
                start[(int) (hashes[k] >>> shift) + 1]++;
            }
            for (int g = 0; g < groups; g++) {
                start[g + 1] += start[g];
            }
            int[] next = java.util.Arrays.copyOf(start, groups);
            groupedHash = new long[size];
            groupedOwner = new int[size];
            present = new long[Math.max(1, Integer.highestOneBit(Math.max(1, size)) >> 3)];
            int presentMask = present.length * 64 - 1;
            for (int k = 0; k < size; k++) {
                int bit = (int) hashes[k] & presentMask;
                present[bit >>> 6] |= 1L << bit;
                int at = next[(int) (hashes[k] >>> shift)]++;
                groupedHash[at] = hashes[k];
                groupedOwner[at] = owners[k];
            }
            hashes = null;
            owners = null;
            sealed = true;
        }

        /** Appends the members of each variant's bucket, variants in {@link #deletions} order. */
        void collect(String channel, String ref, List<T> out) {
            if (ref == null || ref.isEmpty()) {
                return;
            }
            if (!sealed) {
                seal();
            }
            if (size == 0) {
                return;
            }
            int len = ref.length();
            long[][] buffers = SCRATCH.get().hashBuffers(len + 1);
            long[] pw = buffers[0];
            long[] pre = buffers[1];
            long[] suf = buffers[2];
            hashes(ref, pw, pre, suf);
            int channelId = channelId(channel, false);
            if (channelId < 0) {
                return;
            }
            long seed = seed(channel);
            int shift = 64 - tableBits;
            int presentMask = present.length * 64 - 1;
            for (int pos = -1; pos < len; pos++) {
                if (pos > 0 && ref.charAt(pos) == ref.charAt(pos - 1)) {
                    continue;
                }
                long h = finish(seed, len, pos, pw, pre, suf);
                int bit = (int) h & presentMask;
                if ((present[bit >>> 6] & (1L << bit)) == 0) {
                    continue;
                }
                int g = (int) (h >>> shift);
                int taken = 0;
                for (int k = start[g], end = start[g + 1]; k < end && taken < MAX_CANDIDATES; k++) {
                    if (groupedHash[k] == h) {
                        int owner = groupedOwner[k];
                        if (channelOf[owner] == channelId && isVariantOf(refs.get(owner), ref, pos)) {
                            out.add(records.get(owner));
                            taken++;
                        }
                    }
                }
            }
        }

        /** The channel's index among those added (a day has a handful), -1 if unknown and not adding. */
        private int channelId(String channel, boolean adding) {
            for (int c = 0; c < channelNames.size(); c++) {
                if (java.util.Objects.equals(channelNames.get(c), channel)) {
                    return c;
                }
            }
            if (!adding) {
                return -1;
            }
            channelNames.add(channel);
            return channelNames.size() - 1;
        }

        private void prepare(String ref) {
            int len = ref.length();
            if (pow.length < len + 1) {
                int n = Math.max(len + 1, pow.length * 2);
                pow = new long[n];
                prefix = new long[n];
                suffix = new long[n];
            }
            hashes(ref, pow, prefix, suffix);
        }

        private long variantHash(long seed, int len, int pos) {
            return finish(seed, len, pos, pow, prefix, suffix);
        }

        /**
         * pw[i] = P^i; pre[i] = hash of ref[0, i); suf[j] = hash of ref[j, len) (suf[len] = 0), so
         * that the hash of ref without position p is pre[p] * P^(len - 1 - p) + suf[p + 1].
         */
        private static void hashes(String ref, long[] pw, long[] pre, long[] suf) {
            int len = ref.length();
            pw[0] = 1;
            pre[0] = 0;
            for (int i = 0; i < len; i++) {
                pw[i + 1] = pw[i] * P;
                pre[i + 1] = pre[i] * P + ref.charAt(i);
            }
            suf[len] = 0;
            for (int j = len - 1; j >= 0; j--) {
                suf[j] = ref.charAt(j) * pw[len - 1 - j] + suf[j + 1];
            }
        }

        private static long finish(long seed, int len, int pos, long[] pw, long[] pre, long[] suf) {
            long h = pos < 0 ? pre[len] : pre[pos] * pw[len - 1 - pos] + suf[pos + 1];
            int variantLength = pos < 0 ? len : len - 1;
            return mix64(h ^ seed ^ ((long) variantLength << 48));
        }

        private static long seed(String channel) {
            return mix64(java.util.Objects.hashCode(channel) * 0x9E3779B97F4A7C15L);
        }

        /** Murmur3's 64-bit finaliser: groups are taken from the top bits, so every input bit must reach them. */
        private static long mix64(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            return h ^ (h >>> 33);
        }

        /**
         * Whether {@code q} with position {@code pq} left out (none when -1) is one of the variants of
         * {@code r}: r itself, or r with one character left out.
         */
        static boolean isVariantOf(String r, String q, int pq) {
            int lv = q.length() - (pq >= 0 ? 1 : 0);
            int lr = r.length();
            if (lr == lv) {
                for (int k = 0; k < lv; k++) {
                    if (r.charAt(k) != q.charAt(pq >= 0 && k >= pq ? k + 1 : k)) {
                        return false;
                    }
                }
                return true;
            }
            if (lr != lv + 1) {
                return false;
            }
            int k = 0;
            while (k < lv && r.charAt(k) == q.charAt(pq >= 0 && k >= pq ? k + 1 : k)) {
                k++;
            }
            // r without position k must equal the variant: the rest of r, shifted by one
            for (int m = k; m < lv; m++) {
                if (r.charAt(m + 1) != q.charAt(pq >= 0 && m >= pq ? m + 1 : m)) {
                    return false;
                }
            }
            return true;
        }
    }
}
