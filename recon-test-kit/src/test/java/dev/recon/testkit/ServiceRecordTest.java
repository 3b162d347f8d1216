package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRecordTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryValue() {
        ServiceRecord record = ServiceRecord.create("kafka", ProvisionMode.LOCAL_PROCESS)
                .set(ServiceRecord.URL, "127.0.0.1:9092")
                .set("controller.port", "9093")
                .set(ServiceRecord.SERVICE_DIR, dir.resolve("kafka").toString())
                .running(4242, 1_700_000_000_123L);

        Path file = dir.resolve("kafka.properties");
        record.writeTo(file);
        ServiceRecord read = ServiceRecord.readFrom(file);

        assertThat(read.service()).isEqualTo("kafka");
        assertThat(read.mode()).isEqualTo(ProvisionMode.LOCAL_PROCESS);
        assertThat(read.status()).isEqualTo(ServiceRecord.Status.RUNNING);
        assertThat(read.pid()).isEqualTo(4242);
        assertThat(read.pidStartMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(read.url()).isEqualTo("127.0.0.1:9092");
        assertThat(read.intValue("controller.port")).isEqualTo(9093);
        assertThat(read.path(ServiceRecord.SERVICE_DIR)).isEqualTo(dir.resolve("kafka"));
        assertThat(read.stopSignal()).isEqualTo("TERM");
        assertThat(dir.resolve("kafka.properties.tmp")).doesNotExist();
    }

    @Test
    void stoppedRecordKeepsPortsButForgetsThePid() {
        ServiceRecord record = ServiceRecord.create("elasticsearch", ProvisionMode.LOCAL_PROCESS)
                .set("http.port", "9200").running(77, 5);

        record.stopped();

        assertThat(record.status()).isEqualTo(ServiceRecord.Status.STOPPED);
        assertThat(record.pid()).isEqualTo(-1);
        assertThat(record.pidStartMillis()).isEqualTo(-1);
        assertThat(record.intValue("http.port")).isEqualTo(9200);
    }

    @Test
    void missingKeyIsNamedInTheError() {
        ServiceRecord record = ServiceRecord.create("postgres", ProvisionMode.LOCAL_PROCESS);

        assertThatThrownBy(() -> record.require("port"))
                .hasMessageContaining("postgres").hasMessageContaining("'port'");
    }

    @Test
    void unreadableRecordCountsAsNone() throws Exception {
        StateDirectory state = new StateDirectory(dir);
        Files.writeString(state.recordFile("kafka"), "this is not a record\n");

        assertThat(state.read("kafka")).isEmpty();
        assertThat(state.all()).isEmpty();
    }
}
