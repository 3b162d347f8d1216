package dev.recon.stream.landing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.sink.row.FraudScoreRow;
import dev.recon.sink.row.ReconResultRow;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Joins fraud verdicts ({@code fraud-scores}) to the results of the same payment for the landing
 * job, whichever arrives first: a result is landed with the payment's best verdict known so far,
 * and a verdict that beats what the payment's recent results were landed with hands back those
 * results again, decorated, to be re-landed at the same version (Elasticsearch accepts that only for
 * documents carrying a decision, see ElasticsearchBulkWriter). "Best" is the highest score, as in the
 * file mode's landing, so the order verdicts arrive in does not change the outcome.
 *
 * <p>Memory is bounded: the most recent {@code capacity} payments of each kind are kept (least
 * recently used go first). A verdict for a payment whose result was landed before the job started,
 * or was evicted, is stored in {@code fraud_scores} but does not reach that result's document until
 * the result's next version; see the landing section of analytics-sink/README.md.
 */
final class PaymentFraudDecisions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, FraudScoreRow> bestByPayment;
    private final Map<String, List<ReconResultRow>> resultsByPayment;

    PaymentFraudDecisions(int capacity) {
        this.bestByPayment = lru(capacity);
        this.resultsByPayment = lru(capacity);
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * A {@code fraud-scores} message as a {@code fraud_scores} row: score_id = event id and rules
     * version (a replayed event gets the same id), version = the message's offset (from the data;
     * the key is the event id, so one event stays in one partition and its offsets only grow).
     */
    static FraudScoreRow parse(byte[] json, long offset) throws IOException {
        JsonNode n = JSON.readTree(json);
        if (n == null || !n.isObject() || !n.hasNonNull("event_id") || !n.hasNonNull("score") || !n.hasNonNull("decision")) {
            throw new IOException("not a fraud verdict (event_id, score and decision are required)");
        }
        List<String> rules = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (JsonNode hit : n.path("hits")) {
            rules.add(hit.path("rule_id").asText());
            reasons.add(hit.path("reason").asText());
        }
        String eventId = n.get("event_id").asText();
        String rulesVersion = n.path("rules_version").asText("");
        return new FraudScoreRow(eventId + "/" + rulesVersion, offset, eventId, n.path("payment_id").asText(""),
                n.path("merchant_id").asText(""), n.path("channel").asText(""), n.get("score").asInt(),
                n.get("decision").asText(), rules, reasons, rulesVersion, Instant.parse(n.path("event_time").asText()));
    }

    /** The result as it should be landed: with the payment's best verdict, when one is known. */
    ReconResultRow decorate(ReconResultRow result) {
        String payment = result.paymentId();
        if (payment.isEmpty()) {
            return result;
        }
        FraudScoreRow best = bestByPayment.get(payment);
        ReconResultRow landed = best == null ? result : result.withFraud(best);
        List<ReconResultRow> recent = resultsByPayment.computeIfAbsent(payment, p -> new ArrayList<>(1));
        recent.removeIf(r -> r.reconId().equals(landed.reconId()));
        recent.add(landed);
        return landed;
    }

    /**
     * Notes a verdict; returns the payment's recent results to land again with it (empty when it does
     * not beat the payment's best verdict, or no result of the payment is known yet).
     */
    List<ReconResultRow> accept(FraudScoreRow verdict) {
        String payment = verdict.paymentId();
        if (payment.isEmpty()) {
            return List.of();
        }
        FraudScoreRow best = bestByPayment.get(payment);
        if (best != null && best.score() >= verdict.score()) {
            return List.of();
        }
        bestByPayment.put(payment, verdict);
        List<ReconResultRow> recent = resultsByPayment.get(payment);
        if (recent == null) {
            return List.of();
        }
        List<ReconResultRow> again = new ArrayList<>(recent.size());
        for (int i = 0; i < recent.size(); i++) {
            ReconResultRow decorated = recent.get(i).withFraud(verdict);
            recent.set(i, decorated);
            // a superseded result stays deleted: only the current ones get the decision
            if (!decorated.deleted()) {
                again.add(decorated);
            }
        }
        return again;
    }

    Optional<FraudScoreRow> best(String paymentId) {
        return Optional.ofNullable(bestByPayment.get(paymentId));
    }
}
