package dev.recon.stream.functions;

import dev.recon.core.event.PaymentEvent;
import dev.recon.core.result.ReconResult;
import dev.recon.stream.records.ResolvedCallback;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * The matching stage's operator: Flink's keyed co-process operator running
 * {@link PaymentMatchFunction}, plus, for bounded input (the file mode), one pass over the keys when
 * the watermark reaches the end of event time, which decides every deadline still open
 * ({@link PaymentMatchFunction#decideAtEndOfInput}) instead of a decision timer per key: over the
 * keys the function saw get a deadline ({@code keysWithDeadline}), or over every key in
 * state when the subtask was restored. The pass
 * runs before the watermark goes on, where those timers would have fired. With unbounded input it
 * is the plain operator (decision and cleanup timers).
 */
public final class PaymentMatchOperator
        extends KeyedCoProcessOperator<String, PaymentEvent, ResolvedCallback, ReconResult> {

    private static final long serialVersionUID = 1L;

    /** Whether this subtask started from a checkpoint or savepoint (then keys are in state that never arrived here). */
    private transient boolean restored;

    public PaymentMatchOperator(PaymentMatchFunction function) {
        super(function);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = context.isRestored();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        PaymentMatchFunction function = (PaymentMatchFunction) userFunction;
        if (function.boundedInput() && mark.getTimestamp() == PaymentMatchFunction.END_OF_EVENT_TIME) {
            TimestampedCollector<ReconResult> out = getCollector();
            out.setAbsoluteTimestamp(mark.getTimestamp()); // what a timer firing at the end would have stamped
            if (restored) {
                // keys restored from a snapshot never arrived here: only a pass over all keys finds their deadlines
                getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                        PaymentMatchFunction.stateDescriptor(),
                        (key, state) -> function.decideAtEndOfInput((String) key, out));
            } else {
                for (String key : function.keysWithDeadline()) {
                    setCurrentKey(key);
                    function.decideAtEndOfInput(key, out);
                }
            }
        }
        super.processWatermark(mark);
    }
}
