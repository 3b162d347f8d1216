package dev.recon.sink.clickhouse;

import dev.recon.sink.row.ReconResultRow;
import java.util.List;

/** {@code recon_results}: one row per version of a result; see V001__core_tables.sql. */
public final class ReconResultsTable implements ClickHouseTable<ReconResultRow> {

    public static final ReconResultsTable INSTANCE = new ReconResultsTable();

    private static final List<String> COLUMNS = List.of("recon_id", "version", "is_deleted", "mode", "channel",
            "business_date", "status", "break_type", "type", "merchant_id", "payment_id", "transaction_id",
            "channel_ref", "internal_status", "channel_status", "currency", "currency_exponent",
            "internal_amount_minor", "channel_amount_minor", "difference_minor", "settlement_currency", "gross_minor",
            "fee_minor", "net_minor", "fx_rate", "payout_batch", "match_group_id", "age_days", "rule", "detail",
            "source", "config_version", "fraud_score", "decided_at", "expected_date", "near_miss");

    /** As V001__core_tables.sql creates them (ReconResultsTableTest checks the two agree). */
    private static final List<String> TYPES = List.of("String", "UInt64", "UInt8", "LowCardinality(String)",
            "LowCardinality(String)", "Date", "LowCardinality(String)", "LowCardinality(String)",
            "LowCardinality(String)", "String", "String", "String", "String", "LowCardinality(String)",
            "LowCardinality(String)", "LowCardinality(String)", "UInt8", "Nullable(Int64)", "Nullable(Int64)",
            "Nullable(Int64)", "LowCardinality(String)", "Nullable(Int64)", "Nullable(Int64)", "Nullable(Int64)",
            "Nullable(Decimal(18, 8))", "String", "String", "Int32", "LowCardinality(String)", "String", "String",
            "LowCardinality(String)", "Nullable(UInt16)", "DateTime64(3, 'UTC')", "Nullable(Date)", "String");

    @Override
    public List<String> columnTypes() {
        return TYPES;
    }

    @Override
    public String name() {
        return "recon_results";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void encode(ReconResultRow r, RowBinaryOutput out) {
        out.writeString(r.reconId());
        out.writeInt64(r.version());
        out.writeBool(r.deleted());
        out.writeString(r.mode());
        out.writeString(r.channel());
        out.writeDate(r.businessDate());
        out.writeString(r.status());
        out.writeString(r.breakType());
        out.writeString(r.type());
        out.writeString(r.merchantId());
        out.writeString(r.paymentId());
        out.writeString(r.transactionId());
        out.writeString(r.channelRef());
        out.writeString(r.internalStatus());
        out.writeString(r.channelStatus());
        out.writeString(r.currency());
        out.writeUInt8(r.currencyExponent());
        out.writeNullableInt64(r.internalAmountMinor());
        out.writeNullableInt64(r.channelAmountMinor());
        out.writeNullableInt64(r.differenceMinor());
        out.writeString(r.settlementCurrency());
        out.writeNullableInt64(r.grossMinor());
        out.writeNullableInt64(r.feeMinor());
        out.writeNullableInt64(r.netMinor());
        if (out.writeNullFlag(r.fxRate())) {
            out.writeDecimal64(r.fxRate(), 8);
        }
        out.writeString(r.payoutBatch());
        out.writeString(r.matchGroupId());
        out.writeInt32(r.ageDays());
        out.writeString(r.rule());
        out.writeString(r.detail());
        out.writeString(r.source());
        out.writeString(r.configVersion());
        if (out.writeNullFlag(r.fraudScore())) {
            out.writeUInt16(r.fraudScore());
        }
        out.writeDateTime64Millis(r.decidedAt());
        if (out.writeNullFlag(r.expectedDate())) {
            out.writeDate(r.expectedDate());
        }
        out.writeString(r.nearMiss());
    }
}
