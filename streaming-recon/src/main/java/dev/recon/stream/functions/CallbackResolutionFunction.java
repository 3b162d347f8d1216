package dev.recon.stream.functions;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.stream.records.ReconTypes;
import dev.recon.stream.records.ResolvedCallback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stage 1, keyed by channel reference (channel + channel_ref): gives each callback that does not
 * name its payment the payment key of the payment event carrying the same reference.
 *
 * <p>Assumptions: a channel reference belongs to one ledger entry per channel; a payment event
 * carries its channel_ref once the channel has assigned it (a later event of the same payment may
 * be the first to carry it). A callback may arrive before its payment (clock skew, slow ledger):
 * it waits here until its callback deadline in event time; if no payment claimed it by then it is
 * sent on under {@link StreamKeys#unresolvedKey} (where it becomes MISSING_INTERNAL), and remembered:
 * a payment arriving later re-sends it under the payment key with the version of that break, so
 * the break is resolved as a new version of the same recon_id instead of leaving two breaks (one
 * per key) for one payment. All state is cleared {@code lateRetention} after the last deadline.
 */
public class CallbackResolutionFunction
        extends KeyedCoProcessFunction<String, PaymentEvent, ChannelCallback, ResolvedCallback> {

    private static final long serialVersionUID = 1L;

    private final MatchingRules rules;
    private final long lateRetentionMillis;
    private final boolean boundedInput;

    private transient ChannelSettings channels;
    private transient ValueState<String> paymentKey;
    private transient ListState<ChannelCallback> waiting;
    private transient ListState<ChannelCallback> sentUnresolved;
    private transient ValueState<Long> cleanupAt;
    private transient Counter resolvedLate;

    public CallbackResolutionFunction(MatchingRules rules, Duration lateRetention) {
        this(rules, lateRetention, false);
    }

    /** {@code boundedInput}: complete files without watermarks; no cleanup timers (as in {@link PaymentMatchFunction}). */
    public CallbackResolutionFunction(MatchingRules rules, Duration lateRetention, boolean boundedInput) {
        this.rules = rules;
        this.lateRetentionMillis = lateRetention.toMillis();
        this.boundedInput = boundedInput;
    }

    @Override
    public void open(OpenContext openContext) {
        channels = new ChannelSettings(rules.load());
        paymentKey = getRuntimeContext().getState(new ValueStateDescriptor<>("payment-key", Types.STRING));
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-callbacks",
                ReconTypes.CHANNEL_CALLBACK));
        sentUnresolved = getRuntimeContext().getListState(new ListStateDescriptor<>("sent-unresolved",
                ReconTypes.CHANNEL_CALLBACK));
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
        resolvedLate = getRuntimeContext().getMetricGroup().counter("callbacksResolvedAfterDeadline");
    }

    @Override
    public void processElement1(PaymentEvent event, Context ctx, Collector<ResolvedCallback> out) throws Exception {
        String key = StreamKeys.paymentKey(event);
        paymentKey.update(key);
        for (ChannelCallback c : waiting.get()) {
            out.collect(new ResolvedCallback(key, c, 0L));
        }
        waiting.clear();
        for (ChannelCallback c : sentUnresolved.get()) {
            // Its MISSING_INTERNAL was decided no later than its deadline; the resolution must be a newer version.
            out.collect(new ResolvedCallback(key, c, deadline(c)));
            resolvedLate.inc();
        }
        sentUnresolved.clear();
        long due = channels.deadline(event.channel(), event.eventTime());
        extendCleanup(ctx, due);
    }

    @Override
    public void processElement2(ChannelCallback callback, Context ctx, Collector<ResolvedCallback> out)
            throws Exception {
        String key = paymentKey.value();
        long due = deadline(callback);
        if (key != null) {
            out.collect(new ResolvedCallback(key, callback, 0L));
        } else {
            waiting.add(callback);
            ctx.timerService().registerEventTimeTimer(due);
        }
        extendCleanup(ctx, due);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ResolvedCallback> out) throws Exception {
        Long cleanup = boundedInput ? null : cleanupAt.value();
        if (cleanup != null && cleanup == timestamp) {
            paymentKey.clear();
            waiting.clear();
            sentUnresolved.clear();
            cleanupAt.clear();
            return;
        }
        List<ChannelCallback> still = new ArrayList<>();
        for (ChannelCallback c : waiting.get()) {
            if (deadline(c) <= timestamp) {
                out.collect(new ResolvedCallback(StreamKeys.unresolvedKey(c), c, 0L));
                sentUnresolved.add(c);
            } else {
                still.add(c);
            }
        }
        waiting.update(still);
    }

    private long deadline(ChannelCallback c) {
        return channels.deadline(c.channel(), c.eventTime());
    }

    private void extendCleanup(Context ctx, long lastDeadline) throws Exception {
        if (boundedInput) {
            return; // event time moves only at end of input, after every leg arrived: nothing to clean up before
        }
        long horizon = lastDeadline + lateRetentionMillis;
        Long current = cleanupAt.value();
        if (current != null && current >= horizon) {
            return;
        }
        if (current != null) {
            ctx.timerService().deleteEventTimeTimer(current);
        }
        cleanupAt.update(horizon);
        ctx.timerService().registerEventTimeTimer(horizon);
    }
}
