package dev.recon.stream.kafka;

import dev.recon.core.event.json.ReconResultJson;
import dev.recon.core.result.ReconResult;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A result as a {@code recon-results} message: key = recon_id (so every version of one result
 * lands in one partition, in order), value = {@link ReconResultJson}. The record timestamp is left
 * to the producer: versions, not timestamps, order the rows.
 */
public final class ResultRecordSerializer implements KafkaRecordSerializationSchema<ReconResult> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public ResultRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ReconResult r, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, r.reconId().getBytes(StandardCharsets.UTF_8),
                ReconResultJson.write(r));
    }
}
