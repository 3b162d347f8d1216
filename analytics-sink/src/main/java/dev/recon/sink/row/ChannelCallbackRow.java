package dev.recon.sink.row;

import java.time.Instant;
import java.util.Objects;

/**
 * One channel callback ({@code channel_callbacks}), as it arrived on {@code channel-callbacks}.
 *
 * <p>Assumptions: {@code callbackId} is unique per callback (a redelivery collapses into one row);
 * the amount is absent for callbacks that carry none (some failures); {@code source} names the
 * topic, partition and offset.
 */
public record ChannelCallbackRow(
        String callbackId,
        String channel,
        String channelRef,
        String originalChannelRef,
        String paymentId,
        String status,
        boolean success,
        String reason,
        Long amountMinor,
        String currency,
        Instant eventTime,
        String source) {

    public ChannelCallbackRow {
        ReconResultRow.requireText(callbackId, "callback_id");
        ReconResultRow.requireText(channel, "channel");
        channelRef = ReconResultRow.orEmpty(channelRef);
        originalChannelRef = ReconResultRow.orEmpty(originalChannelRef);
        paymentId = ReconResultRow.orEmpty(paymentId);
        ReconResultRow.requireText(status, "status");
        reason = ReconResultRow.orEmpty(reason);
        ReconResultRow.requireCurrency(currency, callbackId, "currency");
        Objects.requireNonNull(eventTime, "event_time");
        source = ReconResultRow.orEmpty(source);
    }

    public int currencyExponent() {
        return java.util.Currency.getInstance(currency).getDefaultFractionDigits();
    }
}
