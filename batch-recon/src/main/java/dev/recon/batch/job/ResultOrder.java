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
        String pairId = p > 0 ? pairs.reconId(0) : null;
        for (int k = 0; k < order.length; k++) {
            if (b == p || (a < e && results.get(a).reconId().compareTo(pairId) <= 0)) {
                order[k] = a++;
            } else {
                order[k] = -(b + 1);
                b++;
                pairId = b < p ? pairs.reconId(b) : null;
            }
        }
        return order;
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
