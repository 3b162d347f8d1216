package dev.recon.sink.row;

import java.time.Instant;
import java.util.Objects;

/**
 * One internal payment event ({@code payment_events}), as it arrived on {@code payment-events}.
 *
 * <p>Assumptions: {@code eventId} is unique per event (a redelivered event collapses into one row);
 * the card fields are the masked features the contract allows (BIN, last 4, fingerprint), never a
 * full number; amounts are positive minor units of {@code currency}; {@code source} names the topic,
 * partition and offset.
 */
public record PaymentEventRow(
        String eventId,
        String transactionId,
        String paymentId,
        String parentPaymentId,
        String merchantId,
        String accountId,
        String channel,
        String channelRef,
        String type,
        String status,
        long amountMinor,
        String currency,
        Instant eventTime,
        String customerId,
        String cardFingerprint,
        String cardBin,
        String cardLast4,
        String cardCountry,
        String deviceId,
        String ip,
        String ipCountry,
        String source) {

    public PaymentEventRow {
        ReconResultRow.requireText(eventId, "event_id");
        ReconResultRow.requireText(paymentId, "payment_id");
        transactionId = transactionId == null || transactionId.isEmpty() ? paymentId : transactionId;
        parentPaymentId = ReconResultRow.orEmpty(parentPaymentId);
        merchantId = ReconResultRow.orEmpty(merchantId);
        accountId = ReconResultRow.orEmpty(accountId);
        ReconResultRow.requireText(channel, "channel");
        channelRef = ReconResultRow.orEmpty(channelRef);
        ReconResultRow.requireText(type, "type");
        ReconResultRow.requireText(status, "status");
        ReconResultRow.requireCurrency(currency, eventId, "currency");
        Objects.requireNonNull(eventTime, "event_time");
        customerId = ReconResultRow.orEmpty(customerId);
        cardFingerprint = ReconResultRow.orEmpty(cardFingerprint);
        cardBin = ReconResultRow.orEmpty(cardBin);
        cardLast4 = ReconResultRow.orEmpty(cardLast4);
        if (cardBin.length() > 8 || cardLast4.length() > 4) {
            throw new IllegalArgumentException("event " + eventId + ": card_bin/card_last4 longer than a BIN/last 4; refusing what may be a card number");
        }
        cardCountry = ReconResultRow.orEmpty(cardCountry);
        deviceId = ReconResultRow.orEmpty(deviceId);
        ip = ReconResultRow.orEmpty(ip);
        ipCountry = ReconResultRow.orEmpty(ipCountry);
        source = ReconResultRow.orEmpty(source);
    }

    public int currencyExponent() {
        return java.util.Currency.getInstance(currency).getDefaultFractionDigits();
    }
}
