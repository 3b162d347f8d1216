package dev.recon.stream.kafka;

import dev.recon.stream.records.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead letter as a Kafka message: the value is the original bytes (card numbers masked), so it
 * can be fixed and replayed onto the input topic as is; the reason travels in headers
 * {@code recon.reason}, {@code recon.field}, {@code recon.detail} and {@code recon.source}
 * (topic/partition:offset or file:line).
 */
public final class DeadLetterRecordSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    public static final String REASON = "recon.reason";
    public static final String FIELD = "recon.field";
    public static final String DETAIL = "recon.detail";
    public static final String SOURCE = "recon.source";

    private final String topic;

    public DeadLetterRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(d.reason().name()));
        if (d.field() != null) {
            headers.add(FIELD, bytes(d.field()));
        }
        headers.add(DETAIL, bytes(d.detail()));
        headers.add(SOURCE, bytes(d.origin() + ":" + d.position()));
        return new ProducerRecord<>(topic, null, null, null, d.original(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
