package dev.recon.stream.fraud;

import dev.recon.fraud.FraudEvaluator;
import dev.recon.fraud.FraudScore;
import dev.recon.fraud.RuleHit;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Last fraud stage, keyed by event id: waits for the instant part and every windowed part of one
 * event (an event with an instant part only is scored by {@link FraudFanOutFunction} itself), then sums them into the {@link FraudScore} (fraud-rules' {@code combine}, which orders the
 * reasons by the rule file) and clears the key. Assumption: event ids are unique; a redelivered
 * payment event is scored again, and windowed rules then count it twice.
 */
public final class FraudCombineFunction extends KeyedBroadcastProcessFunction<String, FraudPart, String, FraudScore> {

    private static final long serialVersionUID = 1L;

    private final FraudRules rules;
    private transient FraudRules.Current evaluators;
    private transient ListState<FraudPart> parts;
    private transient Counter reviews;
    private transient Counter declines;

    public FraudCombineFunction(FraudRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        evaluators = new FraudRules.Current(rules);
        parts = getRuntimeContext().getListState(new ListStateDescriptor<>("parts", FraudTypes.FRAUD_PART));
        reviews = getRuntimeContext().getMetricGroup().counter("fraudReview");
        declines = getRuntimeContext().getMetricGroup().counter("fraudDecline");
    }

    @Override
    public void processBroadcastElement(String ruleSetText, Context ctx, Collector<FraudScore> out) throws Exception {
        if (FraudRules.parseUpdate(ruleSetText) != null) {
            ctx.getBroadcastState(FraudRules.BROADCAST_STATE).put(FraudRules.CURRENT, ruleSetText);
        }
    }

    @Override
    public void processElement(FraudPart part, ReadOnlyContext ctx, Collector<FraudScore> out) throws Exception {
        parts.add(part);
        FraudPart instant = null;
        int count = 0;
        List<RuleHit> hits = new ArrayList<>();
        for (FraudPart p : parts.get()) {
            count++;
            hits.addAll(p.hits());
            if (p.isInstantPart()) {
                instant = p;
            }
        }
        if (instant == null || count < instant.expectedParts()) {
            return;
        }
        FraudEvaluator evaluator = evaluators.get(ctx.getBroadcastState(FraudRules.BROADCAST_STATE));
        FraudScore score = evaluator.combine(instant.event(), hits);
        count(score, reviews, declines);
        out.collect(score);
        parts.clear();
    }

    static void count(FraudScore score, Counter reviews, Counter declines) {
        switch (score.decision()) {
            case REVIEW -> reviews.inc();
            case DECLINE -> declines.inc();
            default -> { }
        }
    }
}
