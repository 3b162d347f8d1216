package dev.recon.parsers;

import dev.recon.core.settlement.SettlementRecord;
import java.util.ArrayList;
import java.util.List;

/** Test sink keeping everything (small fixtures only). */
public final class CollectingSink implements RecordSink {
    public final List<SettlementRecord> records = new ArrayList<>();
    public final List<QuarantinedRow> quarantined = new ArrayList<>();

    @Override
    public void accept(SettlementRecord record) {
        records.add(record);
    }

    @Override
    public void quarantine(QuarantinedRow row) {
        quarantined.add(row);
    }
}
