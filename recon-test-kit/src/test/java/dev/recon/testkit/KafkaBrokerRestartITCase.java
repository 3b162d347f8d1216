package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A broker restart keeps address and data: what broker-outage tests in other modules rely on. */
class KafkaBrokerRestartITCase {

    @Test
    void stoppedBrokerComesBackOnTheSamePortWithItsData() throws Exception {
        KafkaService kafka = TestServices.kafka();
        String bootstrap = kafka.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        String topic = "settlements-" + UUID.randomUUID();
        KafkaTransactionITCase.createTopic(bootstrap, topic, 1);
        try (KafkaProducer<String, String> producer = KafkaTransactionITCase.transactionalProducer(bootstrap)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "STL-1", "EUR 500"));
            producer.send(new ProducerRecord<>(topic, "STL-2", "EUR 700"));
            producer.commitTransaction();
        }
        long pidBefore = kafka.pid();

        kafka.stop();
        boolean acceptingWhileStopped = LoopbackPorts.accepting(port, 500);
        boolean processAliveWhileStopped = ProcessHandle.of(pidBefore).map(ProcessHandle::isAlive).orElse(false);
        kafka.start();

        assertThat(acceptingWhileStopped).isFalse();
        assertThat(processAliveWhileStopped).isFalse();
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(kafka.pid()).isNotEqualTo(pidBefore);
        assertThat(KafkaTransactionITCase.consumeKeys(bootstrap, topic, "read_committed", 2))
                .containsExactlyInAnyOrderElementsOf(List.of("STL-1", "STL-2"));
    }
}
