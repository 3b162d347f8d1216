package dev.recon.batch.job;

import dev.recon.core.ledger.LedgerEntry;
import dev.recon.parsers.QuarantinedRow;

/**
 * One data row of the internal transactions CSV, in file order: a ledger entry (in scope when it
 * belongs to the channel being reconciled) or a quarantined row. Rows of other channels are kept
 * as out-of-scope rows so that every row read is accounted for.
 */
public record StagedInternalRow(long seq, LedgerEntry entry, boolean inScope, QuarantinedRow quarantined) {
}
