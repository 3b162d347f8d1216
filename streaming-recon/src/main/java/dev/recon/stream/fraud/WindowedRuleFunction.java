package dev.recon.stream.fraud;

import dev.recon.core.event.PaymentEvent;
import dev.recon.fraud.Dimension;
import dev.recon.fraud.FraudEvaluator;
import dev.recon.fraud.PastPayment;
import dev.recon.stream.records.ReconTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Second fraud stage, keyed by dimension and key (one customer, card, device or IP): the windowed
 * rules (velocity, card testing, structuring) over that key's earlier payments.
 *
 * <p>Events are buffered until the watermark passes their event time and then scored in
 * event-time order (ties by event id), so a window holds exactly the payments before it whatever
 * order they arrived in; in the bounded file mode that is at end of input. History older than the
 * rule set's longest window for the dimension is dropped, and an idle key clears all its state.
 */
public final class WindowedRuleFunction
        extends KeyedBroadcastProcessFunction<String, DimensionedEvent, String, FraudPart> {

    private static final long serialVersionUID = 1L;

    private final FraudRules rules;
    private transient FraudRules.Current evaluators;
    private transient MapState<Long, List<PaymentEvent>> pending;
    private transient ListState<PastPayment> history;

    public WindowedRuleFunction(FraudRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        evaluators = new FraudRules.Current(rules);
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
                Types.LIST(ReconTypes.PAYMENT_EVENT)));
        history = getRuntimeContext().getListState(new ListStateDescriptor<>("history", FraudTypes.PAST_PAYMENT));
    }

    @Override
    public void processBroadcastElement(String ruleSetText, Context ctx, Collector<FraudPart> out) throws Exception {
        if (FraudRules.parseUpdate(ruleSetText) != null) {
            ctx.getBroadcastState(FraudRules.BROADCAST_STATE).put(FraudRules.CURRENT, ruleSetText);
        }
    }

    @Override
    public void processElement(DimensionedEvent d, ReadOnlyContext ctx, Collector<FraudPart> out) throws Exception {
        long t = d.event().eventTime().toEpochMilli();
        List<PaymentEvent> at = pending.get(t);
        List<PaymentEvent> updated = at == null ? new ArrayList<>() : new ArrayList<>(at);
        updated.add(d.event());
        pending.put(t, updated);
        ctx.timerService().registerEventTimeTimer(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FraudPart> out) throws Exception {
        FraudEvaluator evaluator = evaluators.get(ctx.getBroadcastState(FraudRules.BROADCAST_STATE));
        Dimension dimension = Dimension.valueOf(ctx.getCurrentKey().substring(0, ctx.getCurrentKey().indexOf('|')));
        Duration retention = evaluator.retention().getOrDefault(dimension, Duration.ZERO);
        List<PastPayment> past = new ArrayList<>();
        for (PastPayment p : history.get()) {
            past.add(p);
        }
        List<PaymentEvent> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            List<PaymentEvent> ordered = new ArrayList<>(due);
            ordered.sort(Comparator.comparing(PaymentEvent::eventId));
            for (PaymentEvent e : ordered) {
                out.collect(new FraudPart(e.eventId(), null, 0, evaluator.evaluateWindowed(e, dimension, past)));
                past.add(new PastPayment(e.eventId(), e.eventTime(), e.amount(), e.status()));
            }
            // Look again when the last of these leaves the window, to forget it.
            ctx.timerService().registerEventTimeTimer(timestamp + retention.toMillis() + 1);
        }
        long horizon = timestamp - retention.toMillis();
        past.removeIf(p -> p.eventTime().toEpochMilli() < horizon);
        if (past.isEmpty() && pending.isEmpty()) {
            history.clear();
            pending.clear();
        } else {
            history.update(past);
        }
    }
}
