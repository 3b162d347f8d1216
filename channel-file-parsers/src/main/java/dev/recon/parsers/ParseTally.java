package dev.recon.parsers;

import dev.recon.core.settlement.SettlementRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The running counts of one parse, and the single path through which a parser emits: every record
 * and quarantined row goes through here, so the counts cannot drift from what the sink received.
 * Not thread-safe: one parse, one thread.
 */
public final class ParseTally {

    private final String format;
    private final String file;
    private final RecordSink sink;
    private long rowsRead;
    private long records;
    private long quarantined;
    private final List<ControlCheck> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public ParseTally(String format, String file, RecordSink sink) {
        this.format = format;
        this.file = file;
        this.sink = sink;
    }

    public String file() {
        return file;
    }

    /** Counts one data row; the parser then emits it, quarantines it, or (camt batch) emits its details. */
    public void rowRead() {
        rowsRead++;
    }

    public long rowsRead() {
        return rowsRead;
    }

    public void emit(SettlementRecord record) throws IOException {
        records++;
        sink.accept(record);
    }

    public void quarantine(long line, String field, String reason, String rawLine) throws IOException {
        quarantined++;
        sink.quarantine(new QuarantinedRow(file, line, field, reason, rawLine));
    }

    public void check(ControlCheck check) {
        checks.add(check);
    }

    public void note(String note) {
        notes.add(note);
    }

    public long records() {
        return records;
    }

    public long quarantined() {
        return quarantined;
    }

    public ParseResult result() {
        return new ParseResult(format, List.of(file), rowsRead, records, quarantined, checks, notes);
    }
}
