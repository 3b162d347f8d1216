package dev.recon.sink.row;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One fraud decision for one payment event ({@code fraud_scores}).
 *
 * <p>Assumptions: {@code scoreId} is deterministic (event id + rules version), so a replayed
 * event produces the same id; {@code version} comes from the data (e.g. the Kafka offset of the
 * decision). {@code rules} and {@code reasons} are parallel lists: reason i explains rule i.
 */
public record FraudScoreRow(
        String scoreId,
        long version,
        String eventId,
        String paymentId,
        String merchantId,
        String channel,
        int score,
        String decision,
        List<String> rules,
        List<String> reasons,
        String rulesVersion,
        Instant eventTime) {

    public FraudScoreRow {
        ReconResultRow.requireText(scoreId, "score_id");
        eventId = ReconResultRow.orEmpty(eventId);
        paymentId = ReconResultRow.orEmpty(paymentId);
        merchantId = ReconResultRow.orEmpty(merchantId);
        channel = ReconResultRow.orEmpty(channel);
        if (score < 0 || score > 65535) {
            throw new IllegalArgumentException("score_id " + scoreId + ": score " + score + " out of range");
        }
        ReconResultRow.requireText(decision, "decision");
        rules = List.copyOf(rules);
        reasons = List.copyOf(reasons);
        rulesVersion = ReconResultRow.orEmpty(rulesVersion);
        Objects.requireNonNull(eventTime, "event_time");
    }
}
