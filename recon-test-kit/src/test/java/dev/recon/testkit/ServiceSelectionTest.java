package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSelectionTest {
    @TempDir
    Path dir;

    @Test
    void explicitUrlWinsAndIsNeverStoppedByTheKit() {
        System.setProperty(KafkaService.URL_VARIABLE, "10.1.2.3:9092");
        try {
            KafkaService kafka = KafkaService.provide(new StateDirectory(dir));

            assertThat(kafka.mode()).isEqualTo(ProvisionMode.EXTERNAL);
            assertThat(kafka.selectionReason()).isEqualTo(KafkaService.URL_VARIABLE + " is set");
            assertThat(kafka.bootstrapServers()).isEqualTo("10.1.2.3:9092");
            assertThat(kafka.pid()).isEqualTo(-1);
            assertThatThrownBy(kafka::stop).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("given by the environment");
            assertThat(new StateDirectory(dir).all()).isEmpty();
        } finally {
            System.clearProperty(KafkaService.URL_VARIABLE);
        }
    }

    @Test
    void dockerCanBeSwitchedOffAndTheProbeAnswersAtOnce() {
        System.setProperty("RECON_TEST_DOCKER", "false");
        try {
            long began = System.nanoTime();
            DockerProbe.Result result = DockerProbe.probe();

            assertThat(result.available()).isFalse();
            assertThat(result.reason()).contains("RECON_TEST_DOCKER=false");
            assertThat((System.nanoTime() - began) / 1_000_000).isLessThan(1_000);
        } finally {
            System.clearProperty("RECON_TEST_DOCKER");
        }
    }

    @Test
    void withoutUrlTheChoiceNamesTheVariableAndTheDockerAnswer() {
        ServiceSelection.Choice choice = ServiceSelection.choose("Elasticsearch", "RECON_TEST_NO_SUCH_URL_VARIABLE");

        assertThat(choice.mode()).isIn(ProvisionMode.CONTAINER, ProvisionMode.LOCAL_PROCESS);
        assertThat(choice.reason()).startsWith("RECON_TEST_NO_SUCH_URL_VARIABLE not set; ").contains("Docker");
        assertThat(choice.externalUrl()).isNull();
    }
}
