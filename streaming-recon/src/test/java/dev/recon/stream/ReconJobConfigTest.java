package dev.recon.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconJobConfigTest {

    @Test
    void everyKeyIsUniqueAndEveryConstantIsListed() throws Exception {
        Set<String> keys = new HashSet<>();
        for (Param<?> p : ReconJobConfig.ALL) {
            assertThat(keys.add(p.key())).as("key %s is used twice", p.key()).isTrue();
        }
        long declared = java.util.Arrays.stream(ReconJobConfig.class.getDeclaredFields())
                .filter(f -> f.getType() == Param.class).count();
        assertThat(ReconJobConfig.ALL).hasSize((int) declared);
    }

    @Test
    void everyKeyIsDocumentedInTheClassJavadoc() throws Exception {
        String source = Files.readString(Path.of("src/main/java/dev/recon/stream/ReconJobConfig.java"));
        for (Param<?> p : ReconJobConfig.ALL) {
            assertThat(source).as("Javadoc row for %s", p.key()).contains("<tr><td>" + p.key() + "</td>");
        }
    }

    @Test
    void eachOptionSetsItsOwnSettingOnly() {
        ReconJobConfig cfg = ReconJobConfig.fromArgs(new String[] {"--checkpoint.interval", "PT45S",
            "--checkpoint.min-pause=PT7S", "--kafka.topic.results", "res", "--recon.callback-timeouts",
            "adyen=PT10M, stripe=PT2M"});

        assertThat(cfg.get(ReconJobConfig.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(45));
        assertThat(cfg.get(ReconJobConfig.CHECKPOINT_MIN_PAUSE)).isEqualTo(Duration.ofSeconds(7));
        assertThat(cfg.get(ReconJobConfig.CHECKPOINT_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(cfg.get(ReconJobConfig.RESULTS_TOPIC)).isEqualTo("res");
        assertThat(cfg.get(ReconJobConfig.PAYMENTS_TOPIC)).isEqualTo("payment-events");
        assertThat(cfg.get(ReconJobConfig.CALLBACK_TIMEOUTS))
                .isEqualTo(Map.of("adyen", Duration.ofMinutes(10), "stripe", Duration.ofMinutes(2)));
    }

    @Test
    void checkpointOptionsReachTheirOwnCheckpointSettings() {
        ReconJobConfig cfg = ReconJobConfig.fromArgs(new String[] {"--checkpoint.interval", "PT45S",
            "--checkpoint.min-pause", "PT7S", "--checkpoint.timeout", "PT3M"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        ReconJob.configureCheckpointing(env, cfg);

        CheckpointConfig c = env.getCheckpointConfig();
        assertThat(c.getCheckpointInterval()).isEqualTo(45_000L);
        assertThat(c.getMinPauseBetweenCheckpoints()).isEqualTo(7_000L);
        assertThat(c.getCheckpointTimeout()).isEqualTo(180_000L);
        assertThat(c.getCheckpointingConsistencyMode()).isEqualTo(org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE);
    }

    @Test
    void aPropertiesFileIsOverriddenByTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "kafka.bootstrap-servers=broker:9093\nkafka.group-id=from-file\n");

        ReconJobConfig cfg = ReconJobConfig.fromArgs(new String[] {"--config", file.toString(), "--kafka.group-id",
            "from-cli"});

        assertThat(cfg.get(ReconJobConfig.BOOTSTRAP_SERVERS)).isEqualTo("broker:9093");
        assertThat(cfg.get(ReconJobConfig.GROUP_ID)).isEqualTo("from-cli");
    }

    @Test
    void securitySettingsComeFromTheClientPropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");

        ReconJobConfig cfg = ReconJobConfig.of(Map.of("kafka.client-properties-file", file.toString()));

        assertThat(cfg.kafkaClientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(cfg.with(ReconJobConfig.SECURITY_PROTOCOL, "SSL").kafkaClientProperties())
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> ReconJobConfig.fromArgs(new String[] {"--kafka.topic.result", "x"}))
                .hasMessageContaining("unknown option --kafka.topic.result");
        assertThatThrownBy(() -> ReconJobConfig.fromArgs(new String[] {"--checkpoint.interval", "30s"}))
                .hasMessageContaining("--checkpoint.interval");
        assertThatThrownBy(() -> ReconJobConfig.fromArgs(new String[] {"--recon.callback-timeouts", "a=PT1M,a=PT2M"}))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> ReconJobConfig.fromArgs(new String[] {"--recon.late-retention", "PT0S"}))
                .hasMessageContaining("must be positive");
        assertThat(List.of(ReconJobConfig.StartingOffsets.values())).hasSize(3);
    }
}
