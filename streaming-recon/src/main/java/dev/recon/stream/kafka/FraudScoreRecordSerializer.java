package dev.recon.stream.kafka;

import dev.recon.fraud.FraudScore;
import dev.recon.fraud.RuleHit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A fraud verdict as a {@code fraud-scores} message: key = event_id, value = JSON with the
 * fraud.csv fields ({@code event_id, payment_id, transaction_id, merchant_id, channel, event_time,
 * score, decision, rules_version}) and {@code hits} (rule_id, score, reason per rule that fired).
 */
public final class FraudScoreRecordSerializer implements KafkaRecordSerializationSchema<FraudScore> {

    private static final long serialVersionUID = 1L;
    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    private final String topic;

    public FraudScoreRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(FraudScore s, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, s.eventId().getBytes(StandardCharsets.UTF_8), json(s));
    }

    public static byte[] json(FraudScore s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (var g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event_id", s.eventId());
            g.writeStringField("payment_id", s.paymentId());
            g.writeStringField("transaction_id", s.transactionId());
            g.writeStringField("merchant_id", s.merchantId());
            g.writeStringField("channel", s.channel());
            g.writeStringField("event_time", s.eventTime().toString());
            g.writeNumberField("score", s.score());
            g.writeStringField("decision", s.decision().name());
            g.writeStringField("rules_version", s.rulesVersion());
            g.writeArrayFieldStart("hits");
            for (RuleHit h : s.hits()) {
                g.writeStartObject();
                g.writeStringField("rule_id", h.ruleId());
                g.writeNumberField("score", h.score());
                g.writeStringField("reason", h.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
