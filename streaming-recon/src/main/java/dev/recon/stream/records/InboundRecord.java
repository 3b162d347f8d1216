package dev.recon.stream.records;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;

/**
 * What a source hands the job for one input line: exactly one of a payment event, a channel
 * callback or a dead letter. Parsing happens in the source (so the watermark strategy on the source
 * sees typed event times); refusing a line is data, not an exception.
 *
 * <p>{@code fallbackTime} is the time a dead letter is stamped with (the Kafka record timestamp, or
 * 0 for files): it has no event time of its own.
 */
public record InboundRecord(PaymentEvent payment, ChannelCallback callback, DeadLetter deadLetter, long fallbackTime) {

    public InboundRecord {
        int set = (payment != null ? 1 : 0) + (callback != null ? 1 : 0) + (deadLetter != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("an inbound record holds exactly one of payment, callback, dead letter");
        }
    }

    public static InboundRecord of(PaymentEvent e) {
        return new InboundRecord(e, null, null, 0L);
    }

    public static InboundRecord of(ChannelCallback c) {
        return new InboundRecord(null, c, null, 0L);
    }

    public static InboundRecord of(DeadLetter d, long fallbackTime) {
        return new InboundRecord(null, null, d, fallbackTime);
    }

    /** Event time in epoch milliseconds, for the watermark strategy. */
    public long eventTimeMillis() {
        if (payment != null) {
            return payment.eventTime().toEpochMilli();
        }
        if (callback != null) {
            return callback.eventTime().toEpochMilli();
        }
        return fallbackTime;
    }
}
