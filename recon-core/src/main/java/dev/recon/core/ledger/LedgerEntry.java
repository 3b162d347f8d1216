package dev.recon.core.ledger;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of our own ledger (leg 1): a row of the canonical internal transactions CSV or the
 * reconciliation-relevant part of a {@code payment-events} message.
 *
 * <p>{@code transactionId} is unique per entry (defaults to the payment id); refunds and
 * chargebacks carry their own {@code channelRef} and point to the original payment through
 * {@code parentPaymentId} / {@code parentChannelRef}. {@code amount} is positive in major units
 * of its currency; the direction follows from {@link TransactionType#isDebit()}.
 */
public record LedgerEntry(
        String transactionId,
        String paymentId,
        String parentPaymentId,
        String merchantId,
        String merchantAccount,
        String channel,
        String channelRef,
        String parentChannelRef,
        TransactionType type,
        TransactionStatus status,
        Money amount,
        Instant createdAt,
        Instant bookedAt,
        SourceLocation source) {

    public LedgerEntry {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(createdAt, "createdAt");
        if (transactionId == null || transactionId.isBlank()) {
            transactionId = paymentId;
        }
        if (amount.isNegative()) {
            throw new IllegalArgumentException("ledger amount must be positive, was " + amount);
        }
    }

    /** Signed from the merchant's point of view, the same convention as settlement records. */
    public Money signedAmount() {
        return type.isDebit() ? amount.negate() : amount;
    }
}
