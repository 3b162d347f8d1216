package dev.recon.batch.output;

import java.util.List;
import java.util.Map;

/**
 * summary.json: what a day's reconciliation found, with counts that balance on each side
 * ({@code read = matched + pending + breaks + non_payment + superseded + other_channels +
 * quarantined}, the terms that do not apply to a side being zero). Holds no wall-clock time, so
 * re-running the same inputs writes the same file. Amounts are decimal strings per currency.
 */
public record DaySummary(
        String channel,
        String businessDate,
        long version,
        String configVersion,
        String format,
        List<String> files,
        boolean closed,
        boolean controlTotalsOk,
        List<String> controlChecks,
        List<String> notes,
        List<String> duplicateFiles,
        Totals results,
        Map<String, Long> breaksByType,
        Map<String, Long> breaksByAge,
        Map<String, String> amountAtRisk,
        Side settlement,
        Side internal,
        Map<String, Long> nonPaymentByType,
        List<NearMiss> nearMisses) {

    /** All result rows of the day; {@code matchRate} = matched / total, as a decimal string. */
    public record Totals(long total, long matched, long pending, long breaks, String matchRate) {
    }

    /** One input side's accounting. */
    public record Side(long read, long matched, long pending, long breaks, long nonPayment, long superseded,
            long otherChannels, long quarantined, boolean balanced) {

        public static Side of(long read, long matched, long pending, long breaks, long nonPayment, long superseded,
                long otherChannels, long quarantined) {
            return new Side(read, matched, pending, breaks, nonPayment, superseded, otherChannels, quarantined,
                    read == matched + pending + breaks + nonPayment + superseded + otherChannels + quarantined);
        }
    }

    /** An unmatched row and the best candidate the engine found for it. */
    public record NearMiss(String reconId, String breakType, String reference, String amount, String explanation) {
    }
}
