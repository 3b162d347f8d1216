package dev.recon.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.elasticsearch.ElasticsearchSinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @Test
    void aPasswordComesFromTheEnvironmentOrItsFileAndIsNeverPrinted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ch-password");
        Files.writeString(file, "s3cret-from-file\n");
        Secrets env = new Secrets(Map.of("RECON_CLICKHOUSE_URL", "https://ch.internal:8443",
                "RECON_CLICKHOUSE_PASSWORD_FILE", file.toString(), "RECON_CLICKHOUSE_USER", "recon_writer",
                "RECON_CLICKHOUSE_CA_CERT", "/etc/recon/ca.pem"));
        ClickHouseSinkConfig config = ClickHouseSinkConfig.fromEnvironment(env);
        assertThat(config.password()).isEqualTo("s3cret-from-file");
        assertThat(config.caCertificatePath()).isEqualTo("/etc/recon/ca.pem");
        assertThat(config.toString()).doesNotContain("s3cret").contains("tls=on").contains("recon_writer");
    }

    @Test
    void missingOrUnreadableSettingsAreNamed() {
        assertThatThrownBy(() -> ClickHouseSinkConfig.fromEnvironment(new Secrets(Map.of())))
                .hasMessageContaining("RECON_CLICKHOUSE_URL");
        assertThatThrownBy(() -> new Secrets(Map.of("X_FILE", "/nonexistent/pw")).secret("X"))
                .hasMessageContaining("X_FILE").hasMessageContaining("/nonexistent/pw");
        assertThatThrownBy(() -> ClickHouseSinkConfig.of("http://h:8123", "recon; DROP"))
                .hasMessageContaining("not a plain identifier");
    }

    @Test
    void elasticsearchTakesSeveralNodesAndAnApiKey() {
        ElasticsearchSinkConfig config = ElasticsearchSinkConfig.fromEnvironment(new Secrets(Map.of(
                "RECON_ELASTICSEARCH_URL", "https://es1:9200, https://es2:9200",
                "RECON_ELASTICSEARCH_API_KEY", "c2VjcmV0a2V5")));
        assertThat(config.urls()).hasSize(2);
        assertThat(config.toString()).contains("api-key").doesNotContain("c2VjcmV0a2V5");
    }
}
