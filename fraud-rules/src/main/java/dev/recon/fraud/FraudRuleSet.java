package dev.recon.fraud;

import dev.recon.core.ledger.TransactionType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A versioned set of rules and the score thresholds that turn a score into a decision. Immutable;
 * the streaming job broadcasts a new instance when the file changes, and every score names the
 * version that produced it.
 *
 * @param version         free text from the file ("2026-11-01.1"), reported on every score
 * @param scoredTypes     ledger entry types that are scored (payments, withdrawals, top-ups by default)
 * @param reviewThreshold score from which a payment goes to manual review
 * @param declineThreshold score from which a payment should be declined
 */
public record FraudRuleSet(String version, Set<TransactionType> scoredTypes, int reviewThreshold,
                           int declineThreshold, List<FraudRule> rules) {

    public FraudRuleSet {
        scoredTypes = scoredTypes.isEmpty() ? EnumSet.noneOf(TransactionType.class) : EnumSet.copyOf(scoredTypes);
        rules = List.copyOf(rules);
    }

    public FraudDecision decide(int score) {
        if (score >= declineThreshold) {
            return FraudDecision.DECLINE;
        }
        return score >= reviewThreshold ? FraudDecision.REVIEW : FraudDecision.ALLOW;
    }

    /**
     * How long each dimension's history must be kept: the longest window of its rules. Keyed state
     * older than this can be dropped without changing any decision.
     */
    public Map<Dimension, Duration> retention() {
        Map<Dimension, Duration> retention = new EnumMap<>(Dimension.class);
        for (FraudRule rule : rules) {
            if (rule instanceof FraudRule.Windowed w) {
                retention.merge(w.dimension(), w.window(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        return retention;
    }
}
