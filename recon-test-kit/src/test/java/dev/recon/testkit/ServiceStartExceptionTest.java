package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceStartExceptionTest {
    @TempDir
    Path dir;

    @Test
    void wellKnownLogLinesBecomePlainReasons() {
        assertThat(ServiceStartException.diagnose("java.net.BindException: Address already in use")).isEqualTo("port taken by another process");
        assertThat(ServiceStartException.diagnose("runuser: user esrun does not exist or the user entry does not contain all the required fields"))
                .isEqualTo("the non-root user to run the server is missing");
        assertThat(ServiceStartException.diagnose("npm ERR! code ENOTFOUND")).isEqualTo("npm registry unreachable");
        assertThat(ServiceStartException.diagnose("java.lang.RuntimeException: can not run elasticsearch as root"))
                .isEqualTo("Elasticsearch refuses to run as root");
        assertThat(ServiceStartException.diagnose("all good")).isNull();
    }

    @Test
    void messageCarriesOnlyTheLastLinesOfEachLog() throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

        ServiceStartException failure = new ServiceStartException("Kafka broker", "not ready after 90 s (timeout)",
                List.of(log, dir.resolve("missing.log")));

        assertThat(failure.getMessage())
                .startsWith("Kafka broker could not be started: not ready after 90 s (timeout)")
                .contains("line 100").contains("line 61").doesNotContain("line 60\n")
                .contains(log.toString()).doesNotContain("missing.log ---");
    }
}
