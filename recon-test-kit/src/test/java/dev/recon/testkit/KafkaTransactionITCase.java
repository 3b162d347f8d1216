package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Proves the broker is real: transactions commit and abort, and read_committed hides aborted records. */
class KafkaTransactionITCase {

    @Test
    void committedPaymentsAreVisibleAndAbortedOnesAreNot() throws Exception {
        KafkaService kafka = TestServices.kafka();
        String topic = "payments-" + UUID.randomUUID();
        createTopic(kafka.bootstrapServers(), topic, 2);

        try (KafkaProducer<String, String> producer = transactionalProducer(kafka.bootstrapServers())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "PAY-1", "EUR 1250"));
            producer.send(new ProducerRecord<>(topic, "PAY-2", "EUR 990"));
            producer.send(new ProducerRecord<>(topic, "PAY-3", "USD 10000"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "PAY-ABORTED-1", "EUR 1"));
            producer.send(new ProducerRecord<>(topic, "PAY-ABORTED-2", "EUR 2"));
            producer.flush();
            producer.abortTransaction();
        }

        List<String> committedView = consumeKeys(kafka.bootstrapServers(), topic, "read_committed", 3);
        List<String> uncommittedView = consumeKeys(kafka.bootstrapServers(), topic, "read_uncommitted", 5);

        assertThat(committedView).containsExactlyInAnyOrder("PAY-1", "PAY-2", "PAY-3");
        // The aborted records did reach the log: only the isolation level hides them.
        assertThat(uncommittedView).containsExactlyInAnyOrder("PAY-1", "PAY-2", "PAY-3", "PAY-ABORTED-1", "PAY-ABORTED-2");
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "recon-smoke-" + UUID.randomUUID());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Reads from the start until {@code expected} records arrived, then 1 s more to catch extras; 30 s at most. */
    static List<String> consumeKeys(String bootstrap, String topic, String isolation, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "recon-smoke-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Deadline deadline = Deadline.in(Duration.ofSeconds(30));
            long quietUntil = Long.MAX_VALUE;
            while (!deadline.expired() && System.nanoTime() < quietUntil) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
                if (keys.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            }
        }
        return keys;
    }
}
