package dev.recon.sink.clickhouse;

import com.clickhouse.client.api.Client;
import dev.recon.sink.RetryBackoff;
import dev.recon.sink.Secrets;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where and how to write to ClickHouse. Built from the environment ({@link #fromEnvironment}):
 * <ul>
 *   <li>{@code RECON_CLICKHOUSE_URL} ({@code http://host:8123} or {@code https://host:8443}), required</li>
 *   <li>{@code RECON_CLICKHOUSE_DATABASE} (default {@code recon})</li>
 *   <li>{@code RECON_CLICKHOUSE_USER} (default {@code default}); {@code RECON_CLICKHOUSE_PASSWORD} or
 *       {@code RECON_CLICKHOUSE_PASSWORD_FILE}</li>
 *   <li>TLS: {@code RECON_CLICKHOUSE_CA_CERT} (PEM file of the CA), or {@code RECON_CLICKHOUSE_TRUSTSTORE}
 *       (+ {@code RECON_CLICKHOUSE_TRUSTSTORE_PASSWORD[_FILE]}); client certificate
 *       {@code RECON_CLICKHOUSE_CLIENT_CERT} + {@code RECON_CLICKHOUSE_CLIENT_KEY}</li>
 *   <li>{@code RECON_CLICKHOUSE_BATCH_ROWS} (default 50000), {@code RECON_CLICKHOUSE_MAX_QUEUED_BATCHES} (default 4),
 *       {@code RECON_CLICKHOUSE_FORMAT} ({@code Native}, the default, or {@code RowBinary}),
 *       {@code RECON_CLICKHOUSE_CONCURRENT_INSERTS} (default 2)</li>
 * </ul>
 *
 * <p>Assumptions: HTTP compression is off, because client-v2's zstd/LZ4 native pieces are excluded
 * from the build and the test engine does not compress; {@link #toString()} never prints secrets.
 */
public record ClickHouseSinkConfig(
        URI url,
        String database,
        String username,
        String password,
        String caCertificatePath,
        String trustStorePath,
        String trustStorePassword,
        String clientCertificatePath,
        String clientKeyPath,
        int batchRows,
        int maxQueuedBatches,
        RetryBackoff retry,
        Duration requestTimeout,
        boolean nativeFormat,
        int concurrentInserts) {

    /** Default inserts in flight: a server takes two in parallel on two cores; see docs/benchmarks.md. */
    public static final int DEFAULT_CONCURRENT_INSERTS = 2;

    /** The configuration as before the format and concurrency existed: Native where the table allows, 2 inserts in flight. */
    public ClickHouseSinkConfig(URI url, String database, String username, String password, String caCertificatePath,
                                String trustStorePath, String trustStorePassword, String clientCertificatePath,
                                String clientKeyPath, int batchRows, int maxQueuedBatches, RetryBackoff retry,
                                Duration requestTimeout) {
        this(url, database, username, password, caCertificatePath, trustStorePath, trustStorePassword,
                clientCertificatePath, clientKeyPath, batchRows, maxQueuedBatches, retry, requestTimeout, true,
                DEFAULT_CONCURRENT_INSERTS);
    }

    public ClickHouseSinkConfig {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("ClickHouse URL must be http:// or https://, got " + url.getScheme());
        }
        if (database == null || !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("ClickHouse database name '" + database + "' is not a plain identifier");
        }
        username = username == null || username.isBlank() ? "default" : username;
        password = password == null ? "" : password;
        if (batchRows < 1 || batchRows > 1_000_000) {
            throw new IllegalArgumentException("batch rows must be 1..1000000, got " + batchRows);
        }
        if (maxQueuedBatches < 1) {
            throw new IllegalArgumentException("max queued batches must be >= 1, got " + maxQueuedBatches);
        }
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (concurrentInserts < 1 || concurrentInserts > 16) {
            throw new IllegalArgumentException("concurrent inserts must be 1..16, got " + concurrentInserts);
        }
    }

    /** Plain settings for a URL: database {@code recon}, 50k-row batches, 4 queued, default retry. */
    public static ClickHouseSinkConfig of(String url, String database) {
        return new ClickHouseSinkConfig(URI.create(url), database, "default", "", null, null, null, null, null,
                50_000, 4, RetryBackoff.DEFAULT, Duration.ofSeconds(60));
    }

    public static ClickHouseSinkConfig fromEnvironment(Secrets env) {
        String url = env.setting("RECON_CLICKHOUSE_URL").orElseThrow(() ->
                new IllegalArgumentException("RECON_CLICKHOUSE_URL is not set (e.g. https://clickhouse:8443)"));
        return new ClickHouseSinkConfig(URI.create(url),
                env.setting("RECON_CLICKHOUSE_DATABASE").orElse("recon"),
                env.setting("RECON_CLICKHOUSE_USER").orElse("default"),
                env.secret("RECON_CLICKHOUSE_PASSWORD").orElse(""),
                env.setting("RECON_CLICKHOUSE_CA_CERT").orElse(null),
                env.setting("RECON_CLICKHOUSE_TRUSTSTORE").orElse(null),
                env.secret("RECON_CLICKHOUSE_TRUSTSTORE_PASSWORD").orElse(null),
                env.setting("RECON_CLICKHOUSE_CLIENT_CERT").orElse(null),
                env.setting("RECON_CLICKHOUSE_CLIENT_KEY").orElse(null),
                Integer.parseInt(env.setting("RECON_CLICKHOUSE_BATCH_ROWS").orElse("50000")),
                Integer.parseInt(env.setting("RECON_CLICKHOUSE_MAX_QUEUED_BATCHES").orElse("4")),
                RetryBackoff.DEFAULT, Duration.ofSeconds(60),
                !"RowBinary".equalsIgnoreCase(env.setting("RECON_CLICKHOUSE_FORMAT").orElse("Native")),
                Integer.parseInt(env.setting("RECON_CLICKHOUSE_CONCURRENT_INSERTS")
                        .orElse(Integer.toString(DEFAULT_CONCURRENT_INSERTS))));
    }

    public ClickHouseSinkConfig withBatching(int rows, int queuedBatches) {
        return new ClickHouseSinkConfig(url, database, username, password, caCertificatePath, trustStorePath,
                trustStorePassword, clientCertificatePath, clientKeyPath, rows, queuedBatches, retry, requestTimeout,
                nativeFormat, concurrentInserts);
    }

    public ClickHouseSinkConfig withRetry(RetryBackoff newRetry) {
        return new ClickHouseSinkConfig(url, database, username, password, caCertificatePath, trustStorePath,
                trustStorePassword, clientCertificatePath, clientKeyPath, batchRows, maxQueuedBatches, newRetry,
                requestTimeout, nativeFormat, concurrentInserts);
    }

    /** {@code nativeFormat}: send Native blocks where the table declares its types (else RowBinary); {@code concurrent} inserts in flight. */
    public ClickHouseSinkConfig withInsertMode(boolean nativeBlocks, int concurrent) {
        return new ClickHouseSinkConfig(url, database, username, password, caCertificatePath, trustStorePath,
                trustStorePassword, clientCertificatePath, clientKeyPath, batchRows, maxQueuedBatches, retry,
                requestTimeout, nativeBlocks, concurrent);
    }

    /** A client-v2 client for this configuration; our writer does the retrying, so the client does not. */
    public Client newClient() {
        Client.Builder builder = new Client.Builder()
                .addEndpoint(url.toString())
                .setUsername(username)
                .setPassword(password)
                .setDefaultDatabase(database)
                .compressServerResponse(false)
                .compressClientRequest(false)
                .useHttpCompression(false)
                .setMaxRetries(0)
                .setConnectTimeout(5, ChronoUnit.SECONDS)
                .setSocketTimeout(requestTimeout.toMillis(), ChronoUnit.MILLIS)
                .setClientName("recon-analytics-sink");
        if (caCertificatePath != null) {
            builder.setRootCertificate(caCertificatePath);
        }
        if (trustStorePath != null) {
            builder.setSSLTrustStore(trustStorePath);
            if (trustStorePassword != null) {
                builder.setSSLTrustStorePassword(trustStorePassword);
            }
        }
        if (clientCertificatePath != null && clientKeyPath != null) {
            builder.setClientCertificate(clientCertificatePath).setClientKey(clientKeyPath);
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "ClickHouseSinkConfig[url=" + url + ", database=" + database + ", user=" + username
                + ", password=" + (password.isEmpty() ? "<none>" : "<set>") + ", tls="
                + ("https".equals(url.getScheme()) ? "on" : "off") + ", batchRows=" + batchRows
                + ", maxQueuedBatches=" + maxQueuedBatches + ", format=" + (nativeFormat ? "Native" : "RowBinary")
                + ", concurrentInserts=" + concurrentInserts + "]";
    }
}
