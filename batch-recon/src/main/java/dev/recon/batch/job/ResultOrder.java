package dev.recon.batch.job;

import dev.recon.core.match.ReconOutcome;
import dev.recon.core.result.ReconResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The day's rows in recon_id order when the exact pairs are kept apart from the results list: both
 * are sorted by recon_id already, so one merge gives the order the engine's single sorted list has
 * (a pair's recon_id, its entry's, occurs nowhere else). An entry {@code k >= 0} of the merged order
 * is the k-th result, {@code -(k + 1)} the k-th pair.
 */
final class ResultOrder {

    private ResultOrder() {
    }

    static int[] merge(List<ReconResult> results, ExactPairs pairs) {
        int e = results.size();
        int p = pairs.size();
        int[] order = new int[e + p];
        int a = 0;
        int b = 0;
        // The result's recon_id as two longs, parsed once per result (the pairs' ids are longs already:
        // building a String for each of a million pairs only to compare it was a second of the step).
        long[] id = new long[2];
        boolean canonical = a < e && parse(results.get(a).reconId(), id);
        for (int k = 0; k < order.length; k++) {
            boolean resultFirst;
            if (b == p) {
                resultFirst = true;
            } else if (a == e) {
                resultFirst = false;
            } else if (canonical) {
                int c = Long.compareUnsigned(id[0], pairs.msb[b]);
                resultFirst = (c != 0 ? c : Long.compareUnsigned(id[1], pairs.lsb[b])) <= 0;
            } else {
                resultFirst = results.get(a).reconId().compareTo(pairs.reconId(b)) <= 0;
            }
            if (resultFirst) {
                order[k] = a++;
                canonical = a < e && parse(results.get(a).reconId(), id);
            } else {
                order[k] = -(b + 1);
                b++;
            }
        }
        return order;
    }

    /**
     * Reads a recon_id written as {@code UUID.toString} does (36 characters, lower-case hex, dashes at
     * 8, 13, 18 and 23) into {@code out}; false for any other text, which is then compared as text.
     * For such ids the text order is the unsigned order of the two longs.
     */
    static boolean parse(String s, long[] out) {
        if (s == null || s.length() != 36) {
            return false;
        }
        long hi = 0;
        long lo = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
                continue;
            }
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0) {
                return false;
            }
            if (digits < 16) {
                hi = hi << 4 | v;
            } else {
                lo = lo << 4 | v;
            }
            digits++;
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** The outcome with the pairs' rows built and merged in (for a landing that takes the whole day). */
    static ReconOutcome whole(ReconOutcome outcome, int[] order, ExactPairs pairs) {
        List<ReconResult> rows = pairs.materialise();
        List<ReconResult> all = new ArrayList<>(order.length);
        for (int k : order) {
            all.add(k >= 0 ? outcome.results().get(k) : rows.get(-k - 1));
        }
        return new ReconOutcome(all, outcome.nonPaymentLines(), outcome.ignoredRedeliveries(), outcome.counts());
    }
}
