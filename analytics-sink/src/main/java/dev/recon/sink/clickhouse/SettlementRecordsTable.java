package dev.recon.sink.clickhouse;

import dev.recon.sink.row.SettlementRecordRow;
import java.util.List;
import java.util.Map;

/** {@code settlement_records}: one row per settlement line version; see V001__core_tables.sql. */
public final class SettlementRecordsTable implements ClickHouseTable<SettlementRecordRow> {

    public static final SettlementRecordsTable INSTANCE = new SettlementRecordsTable();

    private static final List<String> COLUMNS = List.of("record_key", "version", "channel", "business_date",
            "record_type", "category", "channel_ref", "modification_ref", "merchant_ref", "merchant_account",
            "gross_minor", "gross_currency", "gross_exponent", "net_minor", "settlement_currency",
            "settlement_exponent", "fees_minor", "fx_rate", "booking_date", "event_time", "value_date",
            "payout_batch", "description", "source_file", "source_line");

    @Override
    public String name() {
        return "settlement_records";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void encode(SettlementRecordRow r, RowBinaryOutput out) {
        out.writeString(r.recordKey());
        out.writeInt64(r.version());
        out.writeString(r.channel());
        out.writeDate(r.businessDate());
        out.writeString(r.recordType());
        out.writeString(r.category());
        out.writeString(r.channelRef());
        out.writeString(r.modificationRef());
        out.writeString(r.merchantRef());
        out.writeString(r.merchantAccount());
        out.writeNullableInt64(r.grossMinor());
        out.writeString(r.grossCurrency());
        out.writeUInt8(r.grossExponent());
        out.writeInt64(r.netMinor());
        out.writeString(r.settlementCurrency());
        out.writeUInt8(r.settlementExponent());
        out.writeVarUInt(r.feesMinor().size());
        for (Map.Entry<String, Long> fee : r.feesMinor().entrySet()) {
            out.writeString(fee.getKey());
            out.writeInt64(fee.getValue());
        }
        if (out.writeNullFlag(r.fxRate())) {
            out.writeDecimal64(r.fxRate(), 8);
        }
        out.writeDate(r.bookingDate());
        if (out.writeNullFlag(r.eventTime())) {
            out.writeDateTime64Millis(r.eventTime());
        }
        if (out.writeNullFlag(r.valueDate())) {
            out.writeDate(r.valueDate());
        }
        out.writeString(r.payoutBatch());
        out.writeString(r.description());
        out.writeString(r.sourceFile());
        out.writeInt64(r.sourceLine());
    }
}
