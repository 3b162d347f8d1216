package dev.recon.batch.job;

import dev.recon.batch.store.OpenItemStore;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.match.ChannelLeg;
import dev.recon.core.match.ReconIds;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.SettlementRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import dev.recon.core.match.ReconOutcome;
import java.util.Map;
import java.util.TreeMap;

/**
 * After the match: what the day leaves open for the next day. A ledger entry is open when its
 * row is PENDING or MISSING_IN_CHANNEL (a late settlement line can still arrive); a settlement line
 * when its row is MISSING_INTERNAL or PENDING (a late ledger entry can still arrive). Other breaks
 * (amount, status, currency, fee...) have both sides and are final until someone corrects a file.
 */
public final class OpenItemCarry {

    private OpenItemCarry() {
    }

    public static boolean isOpen(ReconResult r) {
        return r.status() == ResultStatus.PENDING || (r.status() == ResultStatus.BREAK
                && (r.breakType() == BreakType.MISSING_IN_CHANNEL || r.breakType() == BreakType.MISSING_INTERNAL));
    }

    /**
     * A settlement line carried from an earlier day that today's match paired with a ledger entry
     * now shows under the entry's recon_id; its own row of the earlier day (MISSING_INTERNAL or
     * PENDING, keyed on the line) gets a new version that says so, so the earlier break does not
     * stay open beside the match. These rows account for no record (the entry's row does).
     */
    public static ReconOutcome withResolutions(OpenItemStore store, String channel, LocalDate date, long version,
            String configVersion, ReconOutcome outcome) {
        Optional<LocalDate> previous = store.previousDay(channel, date);
        if (previous.isEmpty()) {
            return outcome;
        }
        Map<String, String> keys = store.openSettlementKeys(channel, previous.get());
        if (keys.isEmpty()) {
            return outcome;
        }
        Set<String> ids = new HashSet<>();
        for (ReconResult r : outcome.results()) {
            ids.add(r.reconId());
        }
        List<ReconResult> resolutions = new ArrayList<>();
        for (Map.Entry<String, String> open : keys.entrySet()) {
            String key = open.getKey();
            String id = ReconIds.forChannelRecord(ReconMode.BATCH, channel, key);
            if (!ids.contains(id)) {
                resolutions.add(new ReconResult(id, version, ReconMode.BATCH, channel, date, ResultStatus.MATCHED, null,
                        null, null, null, null, open.getValue(), null, null, null, null, null, null, null, null, null, null,
                        null, null, 0, "carried:resolved", "settlement line " + key + ", open since " + previous.get()
                        + " or earlier, was paired with our ledger entry on " + date + ": see that entry's row",
                        null, configVersion, null, null, 0, false));
            }
        }
        if (resolutions.isEmpty()) {
            return outcome;
        }
        List<ReconResult> all = new ArrayList<>(outcome.results().size() + resolutions.size());
        all.addAll(outcome.results());
        all.addAll(resolutions);
        all.sort(java.util.Comparator.comparing(ReconResult::reconId));
        return new ReconOutcome(all, outcome.nonPaymentLines(), outcome.ignoredRedeliveries(), outcome.counts());
    }

    /** Stores the day's open items (replacing those of an earlier run of the same day); returns how many. */
    public static int carryOut(OpenItemStore store, String channel, LocalDate date, List<LedgerEntry> entries,
            List<SettlementRecord> records, List<ReconResult> results) {
        Map<String, ReconResult> open = new HashMap<>();
        for (ReconResult r : results) {
            if (isOpen(r) && !"PAYOUT".equals(r.type())) {
                open.put(r.reconId(), r);
            }
        }
        List<LedgerEntry> openEntries = new ArrayList<>();
        Map<String, OpenItemStore.OpenLine> openLines = new TreeMap<>();
        if (!open.isEmpty()) {
            // A cheap pre-filter before the recon_id (an MD5 per row): an open entry row carries the entry's
            // transaction id, an open line's row the line's own reference (channel or modification reference).
            Set<String> openTransactions = new HashSet<>();
            Set<String> openRefs = new HashSet<>();
            boolean lineWithoutRef = false;
            for (ReconResult r : open.values()) {
                if (r.internalRecord()) {
                    openTransactions.add(r.transactionId());
                } else if (r.channelRef() == null) {
                    lineWithoutRef = true;
                } else {
                    openRefs.add(r.channelRef());
                }
            }
            for (LedgerEntry e : entries) {
                if (!openTransactions.contains(e.transactionId())) {
                    continue;
                }
                ReconResult r = open.get(ReconIds.forEntry(ReconMode.BATCH, channel, e.transactionId()));
                if (r != null && r.internalRecord()) {
                    openEntries.add(e);
                }
            }
            CanonicalLineCodec codec = null;
            for (SettlementRecord rec : records) {
                if (!rec.category().isPaymentLine() || !(lineWithoutRef || openRefs.contains(rec.channelRef())
                        || openRefs.contains(rec.modificationRef()))) {
                    continue;
                }
                String key = ChannelLeg.of(rec).naturalKey();
                ReconResult r = open.get(ReconIds.forChannelRecord(ReconMode.BATCH, channel, key));
                if (r != null && !r.internalRecord()) {
                    codec = codec == null ? new CanonicalLineCodec() : codec;
                    openLines.putIfAbsent(key, new OpenItemStore.OpenLine(rec.channelRef(), codec.encode(rec)));
                }
            }
        }
        store.replaceOpenItems(channel, date, openEntries, openLines);
        return openEntries.size() + openLines.size();
    }
}
