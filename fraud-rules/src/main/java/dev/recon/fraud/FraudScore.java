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

    /** The columns of fraud.csv, the same for the streaming job and the backtest. */
    public static final List<String> CSV_COLUMNS = List.of("event_id", "payment_id", "transaction_id",
            "merchant_id", "channel", "event_time", "score", "decision", "rules", "reasons", "rules_version");

    public FraudScore {
        hits = List.copyOf(hits);
    }

    /** The cells of one fraud.csv row, in {@link #CSV_COLUMNS} order, raw (the writer neutralises). */
    public List<String> csvCells() {
        return List.of(eventId, text(paymentId), text(transactionId), text(merchantId), text(channel),
                eventTime.toString(), Integer.toString(score), decision.name(), ruleIds(), reasons(),
                text(rulesVersion));
    }

    /** "velocity-card: 6 payments in 10 min; bin-blocklist: BIN 411111 is blocked": the reasons cell ("" without hits). */
    public String reasons() {
        if (hits.isEmpty()) {
            return "";
        }
        List<String> reasons = new java.util.ArrayList<>();
        for (RuleHit h : hits) {
            reasons.add(h.ruleId() + ": " + h.reason());
        }
        return String.join("; ", reasons);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** "velocity-card; bin-blocklist": the rule ids for a CSV cell or a log line. */
    public String ruleIds() {
        if (hits.isEmpty()) {
            return ""; // most verdicts: no stream and list per row on the file mode's fraud sink
        }
        return String.join(";", hits.stream().map(RuleHit::ruleId).toList());
    }
}
