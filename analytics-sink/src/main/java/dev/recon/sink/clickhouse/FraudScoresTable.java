package dev.recon.sink.clickhouse;

import dev.recon.sink.row.FraudScoreRow;
import java.util.List;

/** {@code fraud_scores}: one row per fraud decision version; see V001__core_tables.sql. */
public final class FraudScoresTable implements ClickHouseTable<FraudScoreRow> {

    public static final FraudScoresTable INSTANCE = new FraudScoresTable();

    private static final List<String> COLUMNS = List.of("score_id", "version", "event_id", "payment_id",
            "merchant_id", "channel", "score", "decision", "rules", "reasons", "rules_version", "event_time");

    @Override
    public String name() {
        return "fraud_scores";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void encode(FraudScoreRow r, RowBinaryOutput out) {
        out.writeString(r.scoreId());
        out.writeInt64(r.version());
        out.writeString(r.eventId());
        out.writeString(r.paymentId());
        out.writeString(r.merchantId());
        out.writeString(r.channel());
        out.writeUInt16(r.score());
        out.writeString(r.decision());
        out.writeVarUInt(r.rules().size());
        r.rules().forEach(out::writeString);
        out.writeVarUInt(r.reasons().size());
        r.reasons().forEach(out::writeString);
        out.writeString(r.rulesVersion());
        out.writeDateTime64Millis(r.eventTime());
    }
}
