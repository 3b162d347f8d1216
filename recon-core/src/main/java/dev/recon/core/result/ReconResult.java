package dev.recon.core.result;

import dev.recon.core.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One reconciliation decision: one row of {@code results.csv}, one ClickHouse row, one
 * Elasticsearch document (DESIGN.md "Results"). There is one result per ledger entry and one per
 * channel record that matched nothing (or duplicates another).
 *
 * <p>Amounts: {@code internalAmount}, {@code channelAmount} and {@code difference} are in the
 * transaction currency ({@code difference = channel - internal}); {@code gross} is the channel's
 * gross (transaction currency), {@code fee} and {@code net} are in the settlement currency.
 * {@code channelAmount} is the channel amount compared, i.e. the gross or, for settlement in
 * another currency, the settlement amount converted back through the stated rate.
 *
 * <p>{@code version} is supplied by the caller from the data (file sequence, event time or
 * offset), never from the wall clock. {@code channelRecords} says how many channel records this
 * row accounts for (0, 1 or more for 1:N), which is how the counts are shown to balance;
 * {@code nearMiss} explains the best candidate for an unmatched record (extension column).
 */
public record ReconResult(
        String reconId,
        long version,
        ReconMode mode,
        String channel,
        LocalDate businessDate,
        ResultStatus status,
        BreakType breakType,
        String type,
        String merchantId,
        String paymentId,
        String transactionId,
        String channelRef,
        String internalStatus,
        String channelStatus,
        Money internalAmount,
        Money channelAmount,
        String currency,
        Money difference,
        Money gross,
        Money fee,
        Money net,
        BigDecimal fxRate,
        String payoutBatch,
        String matchGroupId,
        int ageDays,
        String rule,
        String detail,
        String source,
        String configVersion,
        String nearMiss,
        LocalDate expectedDate,
        int channelRecords,
        boolean internalRecord) {

    /** The column order of results.csv; the first 29 are the DESIGN.md contract, the rest are extensions. */
    public static final List<String> CSV_COLUMNS = List.of(
            "recon_id", "version", "mode", "channel", "business_date", "status", "break_type", "type",
            "merchant_id", "payment_id", "transaction_id", "channel_ref", "internal_status", "channel_status",
            "internal_amount", "channel_amount", "currency", "difference", "gross", "fee", "net", "fx_rate",
            "payout_batch", "match_group_id", "age_days", "rule", "detail", "source", "config_version",
            "near_miss", "expected_date");

    public ReconResult {
        Objects.requireNonNull(reconId, "reconId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(status, "status");
        if ((status == ResultStatus.BREAK) != (breakType != null)) {
            throw new IllegalArgumentException("break_type must be set exactly when status is BREAK: "
                    + status + "/" + breakType);
        }
    }

    public boolean isBreak() {
        return status == ResultStatus.BREAK;
    }

    /**
     * The values in {@link #CSV_COLUMNS} order, raw (no spreadsheet neutralisation: the writer
     * applies {@code SpreadsheetText} when the file is meant for people). Absent values are "".
     */
    public List<String> csvValues() {
        List<String> v = new ArrayList<>(CSV_COLUMNS.size());
        v.add(reconId);
        v.add(Long.toString(version));
        v.add(mode.name());
        v.add(text(channel));
        v.add(businessDate == null ? "" : businessDate.toString());
        v.add(status.name());
        v.add(breakType == null ? "" : breakType.name());
        v.add(text(type));
        v.add(text(merchantId));
        v.add(text(paymentId));
        v.add(text(transactionId));
        v.add(text(channelRef));
        v.add(text(internalStatus));
        v.add(text(channelStatus));
        v.add(amount(internalAmount));
        v.add(amount(channelAmount));
        v.add(text(currency));
        v.add(amount(difference));
        v.add(amount(gross));
        v.add(amount(fee));
        v.add(amount(net));
        v.add(fxRate == null ? "" : fxRate.toPlainString());
        v.add(text(payoutBatch));
        v.add(text(matchGroupId));
        v.add(Integer.toString(ageDays));
        v.add(text(rule));
        v.add(text(detail));
        v.add(text(source));
        v.add(text(configVersion));
        v.add(text(nearMiss));
        v.add(expectedDate == null ? "" : expectedDate.toString());
        return v;
    }

    /** A copy with another version (the caller re-stamps results it re-emits). */
    public ReconResult withVersion(long newVersion) {
        return new ReconResult(reconId, newVersion, mode, channel, businessDate, status, breakType, type, merchantId,
                paymentId, transactionId, channelRef, internalStatus, channelStatus, internalAmount, channelAmount,
                currency, difference, gross, fee, net, fxRate, payoutBatch, matchGroupId, ageDays, rule, detail,
                source, configVersion, nearMiss, expectedDate, channelRecords, internalRecord);
    }

    /** A copy carrying a near-miss explanation (added after the cross-key candidate search). */
    public ReconResult withNearMiss(String explanation) {
        return new ReconResult(reconId, version, mode, channel, businessDate, status, breakType, type, merchantId,
                paymentId, transactionId, channelRef, internalStatus, channelStatus, internalAmount, channelAmount,
                currency, difference, gross, fee, net, fxRate, payoutBatch, matchGroupId, ageDays, rule, detail,
                source, configVersion, explanation, expectedDate, channelRecords, internalRecord);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String amount(Money m) {
        return m == null ? "" : m.toDecimalString();
    }
}
