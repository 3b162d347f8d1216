package dev.recon.core.match;

import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts that must balance on each side: internal records in = rows for internal entries +
 * superseded entries; channel records in = channel records accounted for by rows + non-payment
 * lines + ignored redeliveries. {@link #balanced()} is asserted by tests and checked by callers
 * before they close a day.
 */
public record ReconCounts(
        long internalIn,
        long channelIn,
        long internalAccounted,
        long channelAccounted,
        long matched,
        long pending,
        long breaks,
        Map<BreakType, Long> breaksByType,
        long nonPaymentLines,
        long ignoredRedeliveries,
        long supersededEntries) {

    public ReconCounts {
        breaksByType = Map.copyOf(breaksByType);
    }

    public boolean balanced() {
        return internalIn == internalAccounted && channelIn == channelAccounted;
    }

    static ReconCounts of(long internalIn, long channelIn, List<ReconResult> results, long nonPayment,
            long redeliveries, long superseded) {
        long internalRows = 0;
        long channelRows = 0;
        for (ReconResult r : results) {
            if (r.internalRecord()) {
                internalRows++;
            }
            channelRows += r.channelRecords();
        }
        ReconCounts decisions = ofDecisions(results);
        return new ReconCounts(internalIn, channelIn, internalRows + superseded,
                channelRows + nonPayment + redeliveries, decisions.matched, decisions.pending, decisions.breaks,
                decisions.breaksByType, nonPayment, redeliveries, superseded);
    }

    /**
     * The decision tally alone (matched, pending, breaks by type) with no inputs to balance: for
     * rows that stand for neither side's records, such as payout batches against bank credits.
     */
    public static ReconCounts ofDecisions(List<ReconResult> results) {
        long matched = 0;
        long pending = 0;
        long breaks = 0;
        Map<BreakType, Long> byType = new EnumMap<>(BreakType.class);
        for (ReconResult r : results) {
            switch (r.status()) {
                case MATCHED -> matched++;
                case PENDING -> pending++;
                case BREAK -> {
                    breaks++;
                    byType.merge(r.breakType(), 1L, Long::sum);
                }
            }
        }
        return new ReconCounts(0, 0, 0, 0, matched, pending, breaks, byType, 0, 0, 0);
    }
}
