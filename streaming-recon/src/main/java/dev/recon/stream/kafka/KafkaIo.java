package dev.recon.stream.kafka;

import dev.recon.core.result.ReconResult;
import dev.recon.fraud.FraudScore;
import dev.recon.stream.ReconJobConfig;
import dev.recon.stream.ReconSinks;
import dev.recon.stream.ReconSources;
import dev.recon.stream.records.DeadLetter;
import dev.recon.stream.records.InboundRecord;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The production sources and sinks: FLIP-27 KafkaSources for both input topics (read_committed, so
 * aborted transactions of an upstream producer are never matched) and transactional KafkaSinks for
 * results and dead letters (exactly once: consumers reading {@code read_committed} see each result
 * once, after the checkpoint that covers it).
 */
public final class KafkaIo {

    private KafkaIo() {
    }

    public static ReconSources sources(ReconJobConfig cfg) {
        return new ReconSources(source(cfg, cfg.get(ReconJobConfig.PAYMENTS_TOPIC), InboundDeserializer.Kind.PAYMENT_EVENTS,
                null).build(), source(cfg, cfg.get(ReconJobConfig.CALLBACKS_TOPIC),
                        InboundDeserializer.Kind.CHANNEL_CALLBACKS, null).build(), fraudRuleUpdates(cfg));
    }

    /** Rule sets as text, from the beginning of the topic every time (the last valid one wins); null when not configured. */
    public static KafkaSource<String> fraudRuleUpdates(ReconJobConfig cfg) {
        String topic = cfg.get(ReconJobConfig.FRAUD_RULES_TOPIC);
        if (topic.isBlank()) {
            return null;
        }
        return KafkaSource.<String>builder()
                .setBootstrapServers(cfg.get(ReconJobConfig.BOOTSTRAP_SERVERS))
                .setProperties(cfg.kafkaClientProperties())
                .setTopics(topic)
                .setGroupId(cfg.get(ReconJobConfig.GROUP_ID) + "-fraud-rules")
                .setProperty("isolation.level", "read_committed")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new org.apache.flink.api.common.serialization.SimpleStringSchema())
                .build();
    }

    /** Sources that stop at the offsets that are the latest when the job starts (tests, replays). */
    public static ReconSources boundedSources(ReconJobConfig cfg) {
        return new ReconSources(source(cfg, cfg.get(ReconJobConfig.PAYMENTS_TOPIC), InboundDeserializer.Kind.PAYMENT_EVENTS,
                OffsetsInitializer.latest()).build(), source(cfg, cfg.get(ReconJobConfig.CALLBACKS_TOPIC),
                        InboundDeserializer.Kind.CHANNEL_CALLBACKS, OffsetsInitializer.latest()).build());
    }

    public static ReconSinks sinks(ReconJobConfig cfg) {
        return new ReconSinks(resultsSink(cfg), deadLetterSink(cfg), fraudSink(cfg));
    }

    static KafkaSourceBuilder<InboundRecord> source(ReconJobConfig cfg, String topic, InboundDeserializer.Kind kind,
            OffsetsInitializer stopAt) {
        KafkaSourceBuilder<InboundRecord> b = KafkaSource.<InboundRecord>builder()
                .setBootstrapServers(cfg.get(ReconJobConfig.BOOTSTRAP_SERVERS))
                .setProperties(consumerProperties(cfg))
                .setTopics(topic)
                .setGroupId(cfg.get(ReconJobConfig.GROUP_ID))
                .setClientIdPrefix(cfg.get(ReconJobConfig.GROUP_ID) + "-" + topic)
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new InboundDeserializer(kind));
        b.setStartingOffsets(switch (cfg.get(ReconJobConfig.STARTING_OFFSETS)) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        });
        if (stopAt != null) {
            b.setBounded(stopAt);
        }
        return b;
    }

    public static KafkaSink<ReconResult> resultsSink(ReconJobConfig cfg) {
        return KafkaSink.<ReconResult>builder()
                .setBootstrapServers(cfg.get(ReconJobConfig.BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(producerProperties(cfg))
                .setRecordSerializer(new ResultRecordSerializer(cfg.get(ReconJobConfig.RESULTS_TOPIC)))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(cfg.get(ReconJobConfig.TRANSACTIONAL_ID_PREFIX) + "-results")
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(ReconJobConfig cfg) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(cfg.get(ReconJobConfig.BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(producerProperties(cfg))
                .setRecordSerializer(new DeadLetterRecordSerializer(cfg.get(ReconJobConfig.DEAD_LETTER_TOPIC)))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(cfg.get(ReconJobConfig.TRANSACTIONAL_ID_PREFIX) + "-dead-letters")
                .build();
    }

    public static KafkaSink<FraudScore> fraudSink(ReconJobConfig cfg) {
        return KafkaSink.<FraudScore>builder()
                .setBootstrapServers(cfg.get(ReconJobConfig.BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(producerProperties(cfg))
                .setRecordSerializer(new FraudScoreRecordSerializer(cfg.get(ReconJobConfig.FRAUD_TOPIC)))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(cfg.get(ReconJobConfig.TRANSACTIONAL_ID_PREFIX) + "-fraud")
                .build();
    }

    /**
     * The input sources' consumer settings. With the Kafka client's defaults (fetch.min.bytes 1) the
     * broker answers a fetch as soon as one record is there, so at a steady rate below the job's
     * capacity every few records cost a fetch request, a response, and a hand-over from the fetcher
     * thread to the task thread: at 5,000 events/s the two fetcher threads took more CPU than the
     * matching stage, and the broker four times what it needs for the same records unthrottled.
     * Waiting up to {@link #SOURCE_FETCH_MAX_WAIT_MS} for {@link #SOURCE_FETCH_MIN_BYTES} makes each
     * fetch carry a batch; under a backlog the bytes are there and nothing waits. The wait is a small
     * part of the result latency, which the checkpoint interval bounds anyway (results are visible
     * when their checkpoint commits). The client properties file can still set both.
     */
    static Properties consumerProperties(ReconJobConfig cfg) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(SOURCE_FETCH_MIN_BYTES));
        p.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(SOURCE_FETCH_MAX_WAIT_MS));
        p.putAll(cfg.kafkaClientProperties());
        return p;
    }

    static final int SOURCE_FETCH_MIN_BYTES = 64 * 1024;
    static final int SOURCE_FETCH_MAX_WAIT_MS = 25;

    /**
     * The sinks' producer settings. A row of an exactly-once sink is visible to {@code read_committed}
     * readers only when the checkpoint covering it commits, and the sink flushes everything it holds
     * at every checkpoint barrier; so waiting up to {@link #SINK_LINGER_MS} to fill batches of up to
     * {@link #SINK_BATCH_BYTES} costs no result latency, and saves the producers' network threads
     * most of their requests (with the Kafka client's defaults, 5 ms and 16 KB, they took ~9 us of
     * CPU per input event in {@code KafkaModeBenchmark}; see docs/benchmarks.md, Kafka mode session 6).
     * The client properties file can still set both.
     */
    static Properties producerProperties(ReconJobConfig cfg) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(SINK_LINGER_MS));
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(SINK_BATCH_BYTES));
        p.putAll(cfg.kafkaClientProperties());
        p.setProperty("transaction.timeout.ms", Long.toString(cfg.get(ReconJobConfig.TRANSACTION_TIMEOUT).toMillis()));
        return p;
    }

    static final int SINK_LINGER_MS = 100;
    static final int SINK_BATCH_BYTES = 256 * 1024;
}
