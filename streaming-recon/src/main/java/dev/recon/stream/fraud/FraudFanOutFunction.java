package dev.recon.stream.fraud;

import dev.recon.core.event.PaymentEvent;
import dev.recon.fraud.Dimension;
import dev.recon.fraud.FraudEvaluator;
import dev.recon.fraud.FraudScore;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * First fraud stage: scores the instant rules (thresholds, lists, country mismatch) of each scored
 * payment event at once, and sends the event to the history of each dimension it has a key on
 * ({@link #TO_WINDOWS}), where the windowed rules run. The instant part says how many parts the
 * verdict has, so {@link FraudCombineFunction} knows when it is complete. An event with no key on
 * any windowed dimension has a verdict of one part: it is combined here and goes out on
 * {@link #SCORED} at once, without the keyed hop to the combine stage and its state (fraud-rules'
 * same {@code combine} of the same hits, so the verdict is identical). The broadcast input
 * carries rule-set texts: a valid one becomes the rule set of every fraud stage, an invalid one is
 * counted ({@code fraudRuleSetsRejected}) and ignored.
 */
public final class FraudFanOutFunction extends BroadcastProcessFunction<PaymentEvent, String, FraudPart> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DimensionedEvent> TO_WINDOWS =
            new OutputTag<>("fraud-windows", FraudTypes.DIMENSIONED_EVENT_WIRE);
    /** Verdicts complete with the instant part alone (the event has no key on a windowed dimension). */
    public static final OutputTag<FraudScore> SCORED = new OutputTag<>("fraud-scored", FraudTypes.FRAUD_SCORE);

    private final FraudRules rules;
    private transient FraudRules.Current evaluators;
    private transient Counter rejected;
    private transient Counter reviews;
    private transient Counter declines;

    public FraudFanOutFunction(FraudRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        evaluators = new FraudRules.Current(rules);
        rejected = getRuntimeContext().getMetricGroup().counter("fraudRuleSetsRejected");
        reviews = getRuntimeContext().getMetricGroup().counter("fraudReview");
        declines = getRuntimeContext().getMetricGroup().counter("fraudDecline");
    }

    @Override
    public void processBroadcastElement(String ruleSetText, Context ctx, Collector<FraudPart> out) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(FraudRules.BROADCAST_STATE);
        if (FraudRules.parseUpdate(ruleSetText) == null) {
            rejected.inc();
            return;
        }
        state.put(FraudRules.CURRENT, ruleSetText);
    }

    @Override
    public void processElement(PaymentEvent event, ReadOnlyContext ctx, Collector<FraudPart> out) throws Exception {
        FraudEvaluator evaluator = evaluators.get(ctx.getBroadcastState(FraudRules.BROADCAST_STATE));
        if (!evaluator.isScored(event)) {
            return;
        }
        List<DimensionedEvent> windows = new ArrayList<>();
        for (Dimension d : evaluator.retention().keySet()) {
            String key = d.keyOf(event);
            if (key != null) {
                windows.add(new DimensionedEvent(d, key, event));
            }
        }
        if (windows.isEmpty()) {
            FraudScore score = evaluator.combine(event, evaluator.evaluateInstant(event));
            FraudCombineFunction.count(score, reviews, declines);
            ctx.output(SCORED, score);
            return;
        }
        out.collect(new FraudPart(event.eventId(), event, 1 + windows.size(), evaluator.evaluateInstant(event)));
        for (DimensionedEvent w : windows) {
            ctx.output(TO_WINDOWS, w);
        }
    }
}
