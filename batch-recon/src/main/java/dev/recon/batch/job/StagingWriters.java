package dev.recon.batch.job;

import dev.recon.batch.store.OperationalStore;
import dev.recon.batch.store.OperationalStore.Side;
import dev.recon.parsers.QuarantinedRow;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The staging step's writers: each chunk of rows goes to the operational database in the chunk's
 * transaction, keyed by (job instance, row position), so a chunk repeated after a restart replaces
 * itself and the staged input never holds a row twice.
 */
public final class StagingWriters {

    private StagingWriters() {
    }

    /** Settlement records as canonical CSV lines; quarantined rows to the quarantine table. */
    public static class SettlementStagingWriter implements ItemWriter<StagedSettlementRow> {
        private final OperationalStore store;
        private final long instanceId;
        private final CanonicalLineCodec codec = new CanonicalLineCodec();

        public SettlementStagingWriter(OperationalStore store, long instanceId) {
            this.store = store;
            this.instanceId = instanceId;
        }

        @Override
        public void write(Chunk<? extends StagedSettlementRow> chunk) {
            List<Long> seqs = new ArrayList<>(chunk.size());
            List<String> lines = new ArrayList<>(chunk.size());
            List<Long> qSeqs = new ArrayList<>();
            List<QuarantinedRow> qRows = new ArrayList<>();
            for (StagedSettlementRow row : chunk) {
                if (row.isQuarantined()) {
                    qSeqs.add(row.seq());
                    qRows.add(row.quarantined());
                } else {
                    seqs.add(row.seq());
                    lines.add(codec.encode(row.record()));
                }
            }
            store.stageSettlement(instanceId, seqs, lines);
            store.stageQuarantine(instanceId, Side.SETTLEMENT, qSeqs, qRows);
        }
    }

    /** Ledger rows (in scope or not) to the internal staging table; quarantined rows aside. */
    public static class InternalStagingWriter implements ItemWriter<StagedInternalRow> {
        private final OperationalStore store;
        private final long instanceId;

        public InternalStagingWriter(OperationalStore store, long instanceId) {
            this.store = store;
            this.instanceId = instanceId;
        }

        @Override
        public void write(Chunk<? extends StagedInternalRow> chunk) {
            List<StagedInternalRow> entries = new ArrayList<>(chunk.size());
            List<Long> qSeqs = new ArrayList<>();
            List<QuarantinedRow> qRows = new ArrayList<>();
            for (StagedInternalRow row : chunk) {
                if (row.quarantined() != null) {
                    qSeqs.add(row.seq());
                    qRows.add(row.quarantined());
                } else {
                    entries.add(row);
                }
            }
            store.stageInternal(instanceId, entries);
            store.stageQuarantine(instanceId, Side.INTERNAL, qSeqs, qRows);
        }
    }
}
