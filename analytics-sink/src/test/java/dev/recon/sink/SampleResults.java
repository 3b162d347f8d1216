package dev.recon.sink;

import dev.recon.sink.row.ReconResultRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic recon results for tests: row i of a day is always the same result (same recon_id,
 * amounts, status), so a "re-run" is the same rows at a higher version. Every 10th row is a BREAK
 * (amount mismatch or missing in channel), every 25th PENDING, the rest MATCHED; every 7th is in JPY.
 */
public final class SampleResults {

    private SampleResults() {
    }

    public static List<ReconResultRow> day(String channel, LocalDate date, int count, long version) {
        List<ReconResultRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row(channel, date, i, version));
        }
        return rows;
    }

    public static ReconResultRow row(String channel, LocalDate date, int i, long version) {
        String status = i % 10 == 3 ? "BREAK" : i % 25 == 7 ? "PENDING" : "MATCHED";
        String breakType = "BREAK".equals(status) ? (i % 20 == 3 ? "MISSING_IN_CHANNEL" : "AMOUNT_MISMATCH") : "";
        String currency = i % 7 == 0 ? "JPY" : "EUR";
        long internal = "JPY".equals(currency) ? 1000L + i : 1250L + 100L * (i % 1000);
        Long channelAmount = "MISSING_IN_CHANNEL".equals(breakType) ? null
                : "AMOUNT_MISMATCH".equals(breakType) ? internal + 150_000 : internal;
        Long difference = channelAmount == null ? -internal : channelAmount - internal;
        String paymentId = "pay-" + channel + "-" + date + "-" + i;
        Instant decided = date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(i % 3600);
        return new ReconResultRow("rid-" + channel + "-" + date + "-" + i, version, false, "BATCH", channel, date, status,
                breakType, "PAYMENT", "merchant-" + (i % 13), paymentId, "tx-" + i, "psp-" + channel + "-" + i,
                "SUCCEEDED", channelAmount == null ? "" : "Settled", currency, internal, channelAmount, difference,
                currency, channelAmount, channelAmount == null ? null : 12L, channelAmount == null ? null : channelAmount - 12,
                null, "batch-" + date, "", i % 9, "BREAK".equals(status) ? "amount" : "channel_ref",
                "matched on channel_ref; row " + i, "settlement-" + date + ".csv:" + (i + 2), "rules-v1",
                i % 50 == 0 ? 870 : 40, decided, null, null);
    }

    public static ReconResultRow withFx(ReconResultRow r) {
        return new ReconResultRow(r.reconId(), r.version(), r.deleted(), r.mode(), r.channel(), r.businessDate(), r.status(),
                r.breakType(), r.type(), r.merchantId(), r.paymentId(), r.transactionId(), r.channelRef(),
                r.internalStatus(), r.channelStatus(), r.currency(), r.internalAmountMinor(), r.channelAmountMinor(),
                r.differenceMinor(), "USD", r.grossMinor(), r.feeMinor(), r.netMinor(), new BigDecimal("1.08345678"),
                r.payoutBatch(), r.matchGroupId(), r.ageDays(), r.rule(), r.detail(), r.source(), r.configVersion(),
                r.fraudScore(), r.decidedAt(), r.expectedDate(), r.nearMiss());
    }
}
