package dev.recon.stream.functions;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.stream.records.DeadLetter;
import dev.recon.stream.records.InboundRecord;
import dev.recon.stream.records.ReconTypes;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Separates what a source parsed from what it refused: typed events go on, dead letters go to the
 * {@link #DEAD_LETTERS} side output. A payment event on the callbacks topic (or the reverse) is a
 * producer bug, and is refused the same way rather than silently matched.
 */
public abstract class InboundSplitFunction<T> extends ProcessFunction<InboundRecord, T> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", ReconTypes.DEAD_LETTER);

    private transient Counter refused;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        refused = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    void refuse(DeadLetter d, Context ctx) {
        if (refused != null) {
            refused.inc();
        }
        ctx.output(DEAD_LETTERS, d);
    }

    /** The payment-events side. */
    public static final class Payments extends InboundSplitFunction<PaymentEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(InboundRecord r, Context ctx, Collector<PaymentEvent> out) {
            if (r.payment() != null) {
                out.collect(r.payment());
            } else if (r.deadLetter() != null) {
                refuse(r.deadLetter(), ctx);
            } else {
                throw new IllegalStateException("a callback reached the payment-events stream: " + r);
            }
        }
    }

    /** The channel-callbacks side. */
    public static final class Callbacks extends InboundSplitFunction<ChannelCallback> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(InboundRecord r, Context ctx, Collector<ChannelCallback> out) {
            if (r.callback() != null) {
                out.collect(r.callback());
            } else if (r.deadLetter() != null) {
                refuse(r.deadLetter(), ctx);
            } else {
                throw new IllegalStateException("a payment event reached the channel-callbacks stream: " + r);
            }
        }
    }
}
