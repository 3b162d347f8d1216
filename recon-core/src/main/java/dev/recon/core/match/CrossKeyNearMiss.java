package dev.recon.core.match;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.result.ReconResult;
import java.util.ArrayList;
import java.util.HashMap;
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

    private record RefKey(String channel, String variant) {
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
        List<LedgerEntry> unmatchedEntries = new ArrayList<>(entryRows.values());
        unmatchedEntries.sort(java.util.Comparator.comparing(LedgerEntry::transactionId)
                .thenComparing(e -> String.valueOf(e.source())));
        Map<ChannelLeg, String> keyOf = new IdentityHashMap<>();
        for (ChannelLeg l : legRows.values()) {
            keyOf.put(l, l.naturalKey() + '\u0000' + l.source());
        }
        List<ChannelLeg> unmatchedLegs = new ArrayList<>(legRows.values());
        unmatchedLegs.sort(java.util.Comparator.comparing(keyOf::get));
        Map<AmountKey, List<LedgerEntry>> entriesByAmount = new LinkedHashMap<>();
        Map<RefKey, List<LedgerEntry>> entriesByRef = new HashMap<>();
        for (LedgerEntry e : unmatchedEntries) {
            add(entriesByAmount, AmountKey.of(e.channel(), e.amount()), e);
            if (refIndex) {
                for (String v : deletions(e.channelRef())) {
                    add(entriesByRef, new RefKey(e.channel(), v), e);
                }
            }
        }
        Map<AmountKey, List<ChannelLeg>> legsByAmount = new LinkedHashMap<>();
        Map<RefKey, List<ChannelLeg>> legsByRef = new HashMap<>();
        for (ChannelLeg l : unmatchedLegs) {
            ChannelConfig c = ctx.config().channel(l.channel());
            add(legsByAmount, AmountKey.of(l.channel(), l.comparableAmount(c.comparison())), l);
            if (l.net() != null && l.gross() != null && l.net().sameCurrency(l.gross())) {
                add(legsByAmount, AmountKey.of(l.channel(), l.net().abs()), l);
            }
            if (refIndex) {
                for (String v : deletions(l.ownRef())) {
                    add(legsByRef, new RefKey(l.channel(), v), l);
                }
            }
        }
        for (int i = 0; i < results.size(); i++) {
            ReconResult r = results.get(i);
            if (r.nearMiss() != null) {
                continue;
            }
            LedgerEntry e = entryRows.get(r);
            ChannelLeg l = legRows.get(r);
            String text = null;
            if (e != null) {
                List<ChannelLeg> cands = new ArrayList<>();
                if (refIndex) {
                    for (String v : deletions(e.channelRef())) {
                        addAll(cands, legsByRef.get(new RefKey(e.channel(), v)));
                    }
                }
                addAll(cands, legsByAmount.get(AmountKey.of(e.channel(), e.amount())));
                text = NearMissExplainer.forEntry(e, capped(dedupe(cands)), ctx.config().channel(e.channel()));
            } else if (l != null) {
                ChannelConfig c = ctx.config().channel(l.channel());
                List<LedgerEntry> cands = new ArrayList<>();
                if (refIndex) {
                    for (String v : deletions(l.ownRef())) {
                        addAll(cands, entriesByRef.get(new RefKey(l.channel(), v)));
                    }
                }
                addAll(cands, entriesByAmount.get(AmountKey.of(l.channel(), l.comparableAmount(c.comparison()))));
                if (l.net() != null && l.gross() != null && l.net().sameCurrency(l.gross())) {
                    addAll(cands, entriesByAmount.get(AmountKey.of(l.channel(), l.net().abs())));
                }
                text = NearMissExplainer.forLeg(l, capped(dedupe(cands)), c);
            }
            if (text != null) {
                results.set(i, r.withNearMiss(text));
            }
        }
    }

    private static <T> List<T> capped(List<T> in) {
        return in.size() <= MAX_PER_RECORD ? in : in.subList(0, MAX_PER_RECORD);
    }

    private static <T> List<T> dedupe(List<T> in) {
        List<T> out = new ArrayList<>();
        Map<T, Boolean> seen = new IdentityHashMap<>();
        for (T t : in) {
            if (seen.put(t, Boolean.TRUE) == null) {
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
}
