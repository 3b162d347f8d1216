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
        List<NearMiss> nearMisses,
        long openItemsCarriedForward,
        List<Payout> payouts) {

    public DaySummary {
        payouts = payouts == null ? List.of() : List.copyOf(payouts);
    }

    /**
     * One payout batch against the bank statement (step 4b, only with {@code --bank-statement}):
     * the payout the channel reported, the bank credit linked to it (empty when none), the row's
     * status and break type (PAYOUT_MISMATCH, MISSING_PAYOUT).
     */
    public record Payout(String reconId, String payoutBatch, String currency, String payout, String bankCredit,
            String status, String breakType, String detail) {
    }

    /** This summary with the payout rows added to the totals, the breaks and the amounts at risk. */
    public DaySummary withPayouts(List<Payout> rows, Map<String, Long> extraBreaksByType,
            Map<String, Long> extraBreaksByAge, Map<String, String> atRisk) {
        long matched = results.matched();
        long pending = results.pending();
        long breaks = results.breaks();
        for (Payout p : rows) {
            switch (p.status()) {
                case "MATCHED" -> matched++;
                case "PENDING" -> pending++;
                default -> breaks++;
            }
        }
        long total = results.total() + rows.size();
        String rate = total == 0 ? "1.0000" : java.math.BigDecimal.valueOf(matched)
                .divide(java.math.BigDecimal.valueOf(total), 4, java.math.RoundingMode.HALF_EVEN).toPlainString();
        Map<String, Long> byType = new java.util.TreeMap<>(breaksByType);
        extraBreaksByType.forEach((k, v) -> byType.merge(k, v, Long::sum));
        Map<String, Long> byAge = new java.util.LinkedHashMap<>(breaksByAge);
        extraBreaksByAge.forEach((k, v) -> byAge.merge(k, v, Long::sum));
        return new DaySummary(channel, businessDate, version, configVersion, format, files, closed, controlTotalsOk,
                controlChecks, notes, duplicateFiles, new Totals(total, matched, pending, breaks, rate), byType, byAge,
                atRisk, settlement, internal, nonPaymentByType, nearMisses, openItemsCarriedForward, List.copyOf(rows));
    }

    /** All result rows of the day; {@code matchRate} = matched / total, as a decimal string. */
    public record Totals(long total, long matched, long pending, long breaks, String matchRate) {
    }

    /**
     * One input side's accounting: {@code read + carried_in = matched + pending + breaks + non_payment
     * + superseded + other_channels + outside_window + decided_earlier + quarantined}. {@code read}
     * counts today's inputs; {@code carried_in} the open items of earlier days taken into this day's
     * match; {@code outside_window} ledger rows whose processing day is beyond the channel's date
     * window; {@code decided_earlier} ledger rows already decided on an earlier business day.
     */
    public record Side(long read, long carriedIn, long matched, long pending, long breaks, long nonPayment,
            long superseded, long otherChannels, long outsideWindow, long decidedEarlier, long quarantined,
            boolean balanced) {

        public static Side of(long read, long carriedIn, long matched, long pending, long breaks, long nonPayment,
                long superseded, long otherChannels, long outsideWindow, long decidedEarlier, long quarantined) {
            return new Side(read, carriedIn, matched, pending, breaks, nonPayment, superseded, otherChannels,
                    outsideWindow, decidedEarlier, quarantined, read + carriedIn == matched + pending + breaks
                            + nonPayment + superseded + otherChannels + outsideWindow + decidedEarlier + quarantined);
        }
    }

    /** An unmatched row and the best candidate the engine found for it. */
    public record NearMiss(String reconId, String breakType, String reference, String amount, String explanation) {
    }
}
