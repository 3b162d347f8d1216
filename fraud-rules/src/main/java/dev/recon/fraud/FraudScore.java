package dev.recon.fraud;

import java.time.Instant;
import java.util.List;

/**
 * The fraud verdict on one payment event: the total score (sum of the rules that fired, capped at
 * 100), the decision, every rule hit with its reason, and the rule-set version that decided.
 */
public record FraudScore(
        String eventId,
        String paymentId,
        String transactionId,
        String merchantId,
        String channel,
        Instant eventTime,
        int score,
        FraudDecision decision,
        List<RuleHit> hits,
        String rulesVersion) {

    public FraudScore {
        hits = List.copyOf(hits);
    }

    /** "velocity-card; bin-blocklist": the rule ids for a CSV cell or a log line. */
    public String ruleIds() {
        return String.join(";", hits.stream().map(RuleHit::ruleId).toList());
    }
}
