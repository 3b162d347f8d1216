package dev.recon.core.event;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.SourceLocation;
import java.time.Instant;
import java.util.Objects;

/**
 * A channel's asynchronous notification (leg 2, topic {@code channel-callbacks}).
 *
 * <p>{@code channelRef} is the channel's reference of the event itself (for a refund, the refund's
 * own reference); {@code originalChannelRef} the payment it modifies. {@code paymentId} is our
 * merchant reference when the channel echoes it, else null. {@code success=false} with status
 * AUTHORISED means a refused authorisation, so it is treated like FAILED.
 * {@code callbackId} identifies a delivery: a redelivery carries the same id and is ignored.
 */
public record ChannelCallback(
        String callbackId,
        String channel,
        String channelRef,
        String originalChannelRef,
        String paymentId,
        CallbackStatus status,
        boolean success,
        String reason,
        Money amount,
        Instant eventTime,
        SourceLocation source) {

    public ChannelCallback {
        Objects.requireNonNull(callbackId, "callbackId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(eventTime, "eventTime");
        if (source == null) {
            source = new SourceLocation("callback:" + callbackId, 0);
        }
    }

    /** The status as it matters for matching: an unsuccessful notification is FAILED. */
    public CallbackStatus effectiveStatus() {
        return success ? status : CallbackStatus.FAILED;
    }
}
