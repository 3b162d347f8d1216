package dev.recon.stream.functions;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.stream.records.ResolvedCallback;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The two keys of the job. A payment, its captures, refunds and chargebacks meet under one
 * payment key ({@code p:} + the root payment id: the parent's for a modification); a callback that
 * does not name its payment meets the payment event first under the channel reference key
 * (channel + channel_ref), which resolves it to the payment key.
 */
public final class StreamKeys {

    private StreamKeys() {
    }

    public static String paymentKey(PaymentEvent e) {
        String root = e.parentPaymentId() != null ? e.parentPaymentId() : e.paymentId();
        return "p:" + root;
    }

    public static String referenceKey(String channel, String channelRef) {
        return channel + "|" + channelRef;
    }

    /** Where a callback no payment claimed in time is matched: its merchant reference, else its own reference. */
    public static String unresolvedKey(ChannelCallback c) {
        return c.paymentId() != null ? "p:" + c.paymentId() : "r:" + referenceKey(c.channel(), c.channelRef());
    }

    /**
     * A plain payment callback that names our payment id goes straight to the payment key; a
     * modification (refund, chargeback) names its own reference, whose payment may be the parent,
     * so it is resolved by reference like a callback that names nothing.
     */
    public static boolean needsResolution(ChannelCallback c) {
        return c.paymentId() == null || c.status().category() != RecordCategory.PAYMENT;
    }

    public static final class ByPayment implements KeySelector<PaymentEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(PaymentEvent e) {
            return paymentKey(e);
        }
    }

    public static final class ByPaymentReference implements KeySelector<PaymentEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(PaymentEvent e) {
            return referenceKey(e.channel(), e.channelRef());
        }
    }

    public static final class ByCallbackReference implements KeySelector<ChannelCallback, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ChannelCallback c) {
            return referenceKey(c.channel(), c.channelRef());
        }
    }

    public static final class ByResolvedKey implements KeySelector<ResolvedCallback, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ResolvedCallback c) {
            return c.key();
        }
    }
}
