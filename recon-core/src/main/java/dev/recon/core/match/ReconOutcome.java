package dev.recon.core.match;

import dev.recon.core.result.NonPaymentLine;
import dev.recon.core.result.ReconResult;
import java.util.List;

/**
 * A bulk reconciliation: results in a deterministic order (by recon_id), the non-payment lines
 * (fees, payouts, adjustments: reported, never breaks) and the counts that balance.
 */
public record ReconOutcome(
        List<ReconResult> results,
        List<NonPaymentLine> nonPaymentLines,
        List<ChannelLeg> ignoredRedeliveries,
        ReconCounts counts) {

    public ReconOutcome {
        results = List.copyOf(results);
        nonPaymentLines = List.copyOf(nonPaymentLines);
        ignoredRedeliveries = List.copyOf(ignoredRedeliveries);
    }
}
