package dev.recon.core.match;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.result.ReconResult;
import java.util.ArrayList;
import java.util.IdentityHashMap;
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


    static void explain(List<ReconEngine.Run> runs, List<ReconResult> results, ReconContext ctx) {
        // Positions of each run's rows in the concatenated result list.
        Map<ReconResult, LedgerEntry> entryRows = new IdentityHashMap<>();
        Map<ReconResult, ChannelLeg> legRows = new IdentityHashMap<>();
        for (ReconEngine.Run run : runs) {
            run.unmatchedEntryRows.forEach((i, e) -> entryRows.put(run.results.get(i), e));
            run.unmatchedLegRows.forEach((j, l) -> legRows.put(run.results.get(j), l));
        }
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
            if (e != null) {
                List<ChannelLeg> cands = new ArrayList<>();
                if (refIndex) {
                    legsByRef.collect(e.channel(), e.channelRef(), cands);
                }
                addAll(cands, legsByAmount.get(AmountKey.of(e.channel(), e.amount())));
                text = NearMissExplainer.forEntry(e, firstDistinct(cands), ctx.config().channel(e.channel()));
            } else if (l != null) {
                ChannelConfig c = ctx.config().channel(l.channel());
                List<LedgerEntry> cands = new ArrayList<>();
                if (refIndex) {
                    entriesByRef.collect(l.channel(), l.ownRef(), cands);
                }
                addAll(cands, entriesByAmount.get(AmountKey.of(l.channel(), l.comparableAmount(c.comparison()))));
                if (l.net() != null && l.gross() != null && l.net().sameCurrency(l.gross())) {
                    addAll(cands, entriesByAmount.get(AmountKey.of(l.channel(), l.net().abs())));
                }
                text = NearMissExplainer.forLeg(l, firstDistinct(cands), c);
            }
            if (text != null) {
                results.set(i, r.withNearMiss(text));
            }
        });
    }

    private record Keyed(String key, ChannelLeg leg) {
    }

    /**
     * The first {@link #MAX_PER_RECORD} distinct (by identity) candidates in order. At most that many
     * are kept, so checking each against those kept is cheaper than a set.
     */
    static <T> List<T> firstDistinct(List<T> in) {
        List<T> out = new ArrayList<>(Math.min(in.size(), MAX_PER_RECORD));
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
     * It is named by its owner's reference and the deleted position (-1: none) and compared in place,
     * and buckets live in int arrays, so indexing 150k references costs a few arrays instead of millions
     * of strings, keys and lists.
     */
    static final class DeletionIndex<T> {
        private final List<T> records = new ArrayList<>();
        private final List<String> refs = new ArrayList<>();
        private final List<String> channels = new ArrayList<>();
        /**
         * Open-addressing slots: the variant's hash in the high half, bucket number + 1 in the low half
         * (0 when free), so a probe past another variant reads nothing else.
         */
        private long[] slots;
        /**
         * One bit per hash (a one-hash Bloom filter, about 1 MB for 150k references): most looked-up
         * variants are absent, and this answers that from cache instead of a miss into the slots.
         */
        private final long[] present;
        // Per bucket: the variant's hash, its owner record and deleted position, the member chain.
        private int[] bucketHash;
        private int[] bucketOwner;
        private int[] bucketPos;
        private int[] bucketHead;
        private int[] bucketTail;
        private int[] bucketCount;
        private int buckets;
        // Member chain nodes: the record and the next node (-1: end).
        private int[] nodeRecord;
        private int[] nodeNext;
        private int nodes;

        DeletionIndex(int expectedRecords) {
            // About 17 variants per 16-character reference; the table grows if that is short.
            int variants = Math.max(16, Math.min(expectedRecords, MAX_REFERENCE_INDEX) * 17);
            slots = new long[Integer.highestOneBit(variants) << 2];
            present = new long[Math.max(1, slots.length >> 5)];
            bucketHash = new int[variants];
            bucketOwner = new int[variants];
            bucketPos = new int[variants];
            bucketHead = new int[variants];
            bucketTail = new int[variants];
            bucketCount = new int[variants];
            nodeRecord = new int[variants];
            nodeNext = new int[variants];
        }

        void add(String channel, String ref, T record) {
            if (ref == null || ref.isEmpty()) {
                return;
            }
            int r = records.size();
            records.add(record);
            refs.add(ref);
            channels.add(channel);
            for (int pos = -1; pos < ref.length(); pos++) {
                if (pos > 0 && ref.charAt(pos) == ref.charAt(pos - 1)) {
                    continue;
                }
                int h = hash(channel, ref, pos);
                int b = find(h, channel, ref, pos, true);
                if (bucketCount[b] < MAX_CANDIDATES) {
                    int n = newNode(r);
                    if (bucketCount[b] == 0) {
                        bucketHead[b] = n;
                    } else {
                        nodeNext[bucketTail[b]] = n;
                    }
                    bucketTail[b] = n;
                    bucketCount[b]++;
                }
            }
        }

        /** Appends the members of each variant's bucket, variants in {@link #deletions} order. */
        void collect(String channel, String ref, List<T> out) {
            if (ref == null || ref.isEmpty() || buckets == 0) {
                return;
            }
            for (int pos = -1; pos < ref.length(); pos++) {
                if (pos > 0 && ref.charAt(pos) == ref.charAt(pos - 1)) {
                    continue;
                }
                int b = find(hash(channel, ref, pos), channel, ref, pos, false);
                if (b < 0) {
                    continue;
                }
                for (int n = bucketHead[b], k = 0; k < bucketCount[b]; n = nodeNext[n], k++) {
                    out.add(records.get(nodeRecord[n]));
                }
            }
        }

        private int find(int h, String channel, String ref, int pos, boolean create) {
            int bit = h & (present.length * 64 - 1);
            if (!create && (present[bit >>> 6] & (1L << bit)) == 0) {
                return -1;
            }
            int mask = slots.length - 1;
            for (int s = mix(h) & mask; ; s = (s + 1) & mask) {
                long slot = slots[s];
                int b = (int) slot - 1;
                if (b < 0) {
                    if (!create) {
                        return -1;
                    }
                    if ((buckets + 1) * 2 > slots.length) {
                        grow();
                        return find(h, channel, ref, pos, true);
                    }
                    b = newBucket(h, records.size() - 1, pos);
                    present[bit >>> 6] |= 1L << bit;
                    slots[s] = ((long) h << 32) | (b + 1);
                    return b;
                }
                if ((int) (slot >>> 32) == h && java.util.Objects.equals(channels.get(bucketOwner[b]), channel)
                        && sameVariant(refs.get(bucketOwner[b]), bucketPos[b], ref, pos)) {
                    return b;
                }
            }
        }

        private int newBucket(int h, int owner, int pos) {
            if (buckets == bucketHash.length) {
                int n = buckets * 2;
                bucketHash = java.util.Arrays.copyOf(bucketHash, n);
                bucketOwner = java.util.Arrays.copyOf(bucketOwner, n);
                bucketPos = java.util.Arrays.copyOf(bucketPos, n);
                bucketHead = java.util.Arrays.copyOf(bucketHead, n);
                bucketTail = java.util.Arrays.copyOf(bucketTail, n);
                bucketCount = java.util.Arrays.copyOf(bucketCount, n);
            }
            bucketHash[buckets] = h;
            bucketOwner[buckets] = owner;
            bucketPos[buckets] = pos;
            bucketCount[buckets] = 0;
            return buckets++;
        }

        private int newNode(int record) {
            if (nodes == nodeRecord.length) {
                nodeRecord = java.util.Arrays.copyOf(nodeRecord, nodes * 2);
                nodeNext = java.util.Arrays.copyOf(nodeNext, nodes * 2);
            }
            nodeRecord[nodes] = record;
            nodeNext[nodes] = -1;
            return nodes++;
        }

        private void grow() {
            long[] bigger = new long[slots.length * 2];
            int mask = bigger.length - 1;
            for (int b = 0; b < buckets; b++) {
                int s = mix(bucketHash[b]) & mask;
                while (bigger[s] != 0) {
                    s = (s + 1) & mask;
                }
                bigger[s] = ((long) bucketHash[b] << 32) | (b + 1);
            }
            slots = bigger;
        }

        /** The reference with the character at {@code pos} left out (none when -1), hashed in place. */
        private static int hash(String channel, String ref, int pos) {
            int h = java.util.Objects.hashCode(channel);
            for (int i = 0; i < ref.length(); i++) {
                if (i != pos) {
                    h = 31 * h + ref.charAt(i);
                }
            }
            return h;
        }

        /** Murmur3's finaliser: references differing in one digit must not land in neighbouring slots. */
        private static int mix(int h) {
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            return h ^ (h >>> 16);
        }

        private static boolean sameVariant(String a, int pa, String b, int pb) {
            int la = a.length() - (pa >= 0 ? 1 : 0);
            if (la != b.length() - (pb >= 0 ? 1 : 0)) {
                return false;
            }
            for (int k = 0; k < la; k++) {
                int ia = pa >= 0 && k >= pa ? k + 1 : k;
                int ib = pb >= 0 && k >= pb ? k + 1 : k;
                if (a.charAt(ia) != b.charAt(ib)) {
                    return false;
                }
            }
            return true;
        }
    }
}
