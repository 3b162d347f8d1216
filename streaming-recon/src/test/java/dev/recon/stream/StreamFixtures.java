package dev.recon.stream;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import java.time.Duration;
import java.time.Instant;

/**
 * Compact builders for test events: one line per event, so a test reads like its timeline.
 * Times are minutes after {@link #T0}; the built-in callback timeout is 15 minutes.
 */
public final class StreamFixtures {

    public static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    public static final Duration TIMEOUT = Duration.ofMinutes(15);

    private StreamFixtures() {
    }

    public static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    public static long millis(int minutes) {
        return at(minutes).toEpochMilli();
    }

    /** A succeeded payment of {@code amount} EUR on channel "acq" with channel reference {@code ref}. */
    public static PaymentEvent payment(String paymentId, String ref, String amount, int minute) {
        return new PaymentEvent("e-" + paymentId + "-" + minute, null, paymentId, null, "m-1", null, "acq", ref, null,
                TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, Money.parse(amount, "EUR"), at(minute), null,
                null);
    }

    public static PaymentEvent refund(String refundId, String parentId, String ref, String amount, int minute) {
        return new PaymentEvent("e-" + refundId, null, refundId, parentId, "m-1", null, "acq", ref, null,
                TransactionType.REFUND, TransactionStatus.SUCCEEDED, Money.parse(amount, "EUR"), at(minute), null,
                null);
    }

    /** A successful callback of {@code status}; {@code paymentId} may be null (the channel did not echo it). */
    public static ChannelCallback callback(String callbackId, String ref, String paymentId, CallbackStatus status,
            String amount, int minute) {
        return new ChannelCallback(callbackId, "acq", ref, null, paymentId, status, status != CallbackStatus.FAILED,
                null, Money.parse(amount, "EUR"), at(minute), null);
    }
}
