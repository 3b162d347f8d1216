package dev.recon.batch.job;

import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.QuarantinedRow;

/**
 * One data row of the settlement files in file order: either a record or a quarantined row.
 * {@code seq} is the row's 1-based position in the whole input, which keys the staging table so a
 * restarted step overwrites nothing and skips nothing.
 */
public record StagedSettlementRow(long seq, SettlementRecord record, QuarantinedRow quarantined) {

    public boolean isQuarantined() {
        return quarantined != null;
    }
}
