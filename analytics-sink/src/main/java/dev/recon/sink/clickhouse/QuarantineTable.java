package dev.recon.sink.clickhouse;

import dev.recon.sink.row.QuarantineRow;
import java.util.List;

/** {@code quarantine}: rows and events that could not be used; see V001__core_tables.sql. */
public final class QuarantineTable implements ClickHouseTable<QuarantineRow> {

    public static final QuarantineTable INSTANCE = new QuarantineTable();

    private static final List<String> COLUMNS = List.of("source", "source_line", "kind", "channel",
            "business_date", "field", "reason", "raw_masked", "quarantined_at");

    @Override
    public String name() {
        return "quarantine";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void encode(QuarantineRow r, RowBinaryOutput out) {
        out.writeString(r.source());
        out.writeInt64(r.sourceLine());
        out.writeString(r.kind());
        out.writeString(r.channel());
        out.writeDate(r.businessDate());
        out.writeString(r.field());
        out.writeString(r.reason());
        out.writeString(r.rawMasked());
        out.writeDateTime64Millis(r.quarantinedAt());
    }
}
