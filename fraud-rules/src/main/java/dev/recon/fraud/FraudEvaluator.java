package dev.recon.fraud;

import dev.recon.core.event.PaymentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores payment events with a rule set. No framework and no clock: the caller supplies each
 * key's history, so the Flink job (keyed state per dimension) and the backtest (an in-memory
 * {@link PaymentHistory}) run exactly the same decisions.
 *
 * <p>In Flink the parts run on different keys: {@link #evaluateInstant} anywhere,
 * {@link #evaluateWindowed} in a stage keyed by (dimension, key), and {@link #combine} keyed by
 * the event, which is why the three are public.
 */
public final class FraudEvaluator {

    /** A score cannot exceed this, however many rules fire. */
    public static final int MAX_SCORE = 100;

    private final FraudRuleSet ruleSet;
    /**
     * Per rule id its first position in the rule set, and {@link FraudRuleSet#retention}: both are
     * fixed for the rule set, and working them out again for every scored event (a list of the ids
     * searched per hit, a map built from all rules) was a quarter of the streaming job's instant-rules stage.
     */
    private final Map<String, Integer> rulePositions = new java.util.HashMap<>();
    private final Map<Dimension, java.time.Duration> retention;

    public FraudEvaluator(FraudRuleSet ruleSet) {
        this.ruleSet = ruleSet;
        List<FraudRule> rules = ruleSet.rules();
        for (int i = 0; i < rules.size(); i++) {
            rulePositions.putIfAbsent(rules.get(i).id(), i);
        }
        this.retention = java.util.Collections.unmodifiableMap(ruleSet.retention());
    }

    public FraudRuleSet ruleSet() {
        return ruleSet;
    }

    /** {@link FraudRuleSet#retention} of this evaluator's rule set (unmodifiable, in the same order). */
    public Map<Dimension, java.time.Duration> retention() {
        return retention;
    }

    public boolean isScored(PaymentEvent event) {
        return ruleSet.scoredTypes().contains(event.type());
    }

    public List<RuleHit> evaluateInstant(PaymentEvent event) {
        List<RuleHit> hits = new ArrayList<>();
        for (FraudRule rule : ruleSet.rules()) {
            if (rule instanceof FraudRule.Instant instant) {
                instant.check(event).ifPresent(hits::add);
            }
        }
        return hits;
    }

    /** The windowed rules of one dimension, against the history of this event's key on it. */
    public List<RuleHit> evaluateWindowed(PaymentEvent event, Dimension dimension, List<PastPayment> history) {
        List<RuleHit> hits = new ArrayList<>();
        for (FraudRule rule : ruleSet.rules()) {
            if (rule instanceof FraudRule.Windowed windowed && windowed.dimension() == dimension) {
                windowed.check(event, history).ifPresent(hits::add);
            }
        }
        return hits;
    }

    /** Sums the hits (in rule-set order, so the reasons read the same every time) into a score. */
    public FraudScore combine(PaymentEvent event, List<RuleHit> hits) {
        List<RuleHit> ordered = new ArrayList<>(hits);
        ordered.sort(java.util.Comparator.comparingInt(h -> rulePositions.getOrDefault(h.ruleId(), -1)));
        int score = Math.min(MAX_SCORE, ordered.stream().mapToInt(RuleHit::score).sum());
        return new FraudScore(event.eventId(), event.paymentId(), event.transactionId(), event.merchantId(),
                event.channel(), event.eventTime(), score, ruleSet.decide(score), ordered, ruleSet.version());
    }

    /**
     * Scores one event against the history and then records it there. Events must arrive in
     * event-time order per key for the windows to be exact (the backtest sorts; Flink buffers
     * until the watermark).
     */
    public FraudScore evaluate(PaymentEvent event, PaymentHistory history) {
        List<RuleHit> hits = new ArrayList<>(evaluateInstant(event));
        for (Dimension dimension : retention.keySet()) {
            String key = dimension.keyOf(event);
            if (key != null) {
                hits.addAll(evaluateWindowed(event, dimension, history.recent(dimension, key)));
            }
        }
        for (Map.Entry<Dimension, java.time.Duration> e : retention.entrySet()) {
            String key = e.getKey().keyOf(event);
            if (key != null) {
                history.record(e.getKey(), key, new PastPayment(event.eventId(), event.eventTime(), event.amount(),
                        event.status()), e.getValue());
            }
        }
        return combine(event, hits);
    }
}
