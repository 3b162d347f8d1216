package dev.recon.core.event;

import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.time.Instant;
import java.util.Objects;

/**
 * One message of the {@code payment-events} topic (leg 1 as it happens). The reconciliation view of
 * it is a {@link LedgerEntry} ({@link #toLedgerEntry()}); the fraud view adds {@link FraudFeatures}.
 *
 * <p>Assumptions: {@code amount} is positive (direction follows from the type);
 * {@code transactionId} defaults to {@code paymentId}; {@code parentChannelRef} is not in the
 * topic contract but is accepted when the producer knows it.
 */
public record PaymentEvent(
        String eventId,
        String transactionId,
        String paymentId,
        String parentPaymentId,
        String merchantId,
        String accountId,
        String channel,
        String channelRef,
        String parentChannelRef,
        TransactionType type,
        TransactionStatus status,
        Money amount,
        Instant eventTime,
        FraudFeatures features,
        SourceLocation source) {

    public PaymentEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(eventTime, "eventTime");
        if (transactionId == null || transactionId.isBlank()) {
            transactionId = paymentId;
        }
        if (features == null) {
            features = FraudFeatures.NONE;
        }
        if (source == null) {
            source = new SourceLocation("event:" + eventId, 0);
        }
    }

    public LedgerEntry toLedgerEntry() {
        return new LedgerEntry(transactionId, paymentId, parentPaymentId, merchantId, accountId, channel,
                channelRef, parentChannelRef, type, status, amount, eventTime, null, source);
    }
}
