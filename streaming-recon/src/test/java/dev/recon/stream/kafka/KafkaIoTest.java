package dev.recon.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.stream.ReconJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaIoTest {

    @Test
    void sinksBatchForTheCheckpointUnlessTheClientPropertiesSayOtherwise(@TempDir Path dir) throws Exception {
        Properties defaults = KafkaIo.producerProperties(ReconJobConfig.of(Map.of("kafka.transaction-timeout", "PT7M")));
        assertThat(defaults).containsEntry("linger.ms", "100").containsEntry("batch.size", "262144")
                .containsEntry("transaction.timeout.ms", "420000");

        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "linger.ms=5\nsecurity.protocol=SSL\n");
        Properties own = KafkaIo.producerProperties(ReconJobConfig.of(Map.of("kafka.client-properties-file",
                file.toString())));
        assertThat(own).containsEntry("linger.ms", "5").containsEntry("batch.size", "262144")
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void sourcesFetchBatchesUnlessTheClientPropertiesSayOtherwise(@TempDir Path dir) throws Exception {
        assertThat(KafkaIo.consumerProperties(ReconJobConfig.defaults())).containsEntry("fetch.min.bytes", "65536")
                .containsEntry("fetch.max.wait.ms", "25");

        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "fetch.max.wait.ms=5\nsecurity.protocol=SSL\n");
        Properties own = KafkaIo.consumerProperties(ReconJobConfig.of(Map.of("kafka.client-properties-file",
                file.toString())));
        assertThat(own).containsEntry("fetch.max.wait.ms", "5").containsEntry("fetch.min.bytes", "65536")
                .containsEntry("security.protocol", "SSL");
    }
}
