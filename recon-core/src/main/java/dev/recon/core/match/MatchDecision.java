package dev.recon.core.match;

import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import java.util.List;

/**
 * The engine's decision for one key (one payment with its modifications, or one lone channel
 * record): one result per ledger entry and per channel record that matched nothing or duplicates
 * another. {@code ignoredRedeliveries} are callbacks delivered again with the same callback id;
 * {@code supersededEntries} are earlier versions of a ledger entry (same transaction id) replaced
 * by a later event. {@code consumedLegReconIds} are the ids a channel record would have had on its
 * own: a streaming caller that emitted such a row earlier (a MISSING_INTERNAL that was later
 * resolved) re-emits it as resolved under the same id.
 */
public record MatchDecision(
        List<ReconResult> results,
        List<ChannelLeg> ignoredRedeliveries,
        List<dev.recon.core.ledger.LedgerEntry> supersededEntries,
        List<String> consumedLegReconIds) {

    public MatchDecision {
        results = List.copyOf(results);
        ignoredRedeliveries = List.copyOf(ignoredRedeliveries);
        supersededEntries = List.copyOf(supersededEntries);
        consumedLegReconIds = List.copyOf(consumedLegReconIds);
    }

    /** True when nothing is PENDING: a streaming caller may clear the key's state after emitting. */
    public boolean complete() {
        for (ReconResult r : results) {
            if (r.status() == ResultStatus.PENDING) {
                return false;
            }
        }
        return true;
    }
}
