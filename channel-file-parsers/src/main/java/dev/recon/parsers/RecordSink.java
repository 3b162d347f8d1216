package dev.recon.parsers;

import dev.recon.core.settlement.SettlementRecord;
import java.io.IOException;

/**
 * Where a parser delivers its output, one row at a time, in file order. Implementations decide
 * whether to write, stage or count; a parser never buffers records for them.
 */
public interface RecordSink {

    void accept(SettlementRecord record) throws IOException;

    void quarantine(QuarantinedRow row) throws IOException;

    /** A sink that discards everything (format probing, benchmarks that count via the result). */
    static RecordSink discarding() {
        return new RecordSink() {
            @Override
            public void accept(SettlementRecord record) {
            }

            @Override
            public void quarantine(QuarantinedRow row) {
            }
        };
    }
}
