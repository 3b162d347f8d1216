package dev.recon.sink.elasticsearch;

import dev.recon.sink.RetryBackoff;
import dev.recon.sink.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * Where and how to write to Elasticsearch. From the environment ({@link #fromEnvironment}):
 * <ul>
 *   <li>{@code RECON_ELASTICSEARCH_URL}: one or more comma-separated {@code http(s)://host:port}, required</li>
 *   <li>{@code RECON_ELASTICSEARCH_API_KEY[_FILE]} (base64 id:key), or {@code RECON_ELASTICSEARCH_USER} +
 *       {@code RECON_ELASTICSEARCH_PASSWORD[_FILE]}</li>
 *   <li>{@code RECON_ELASTICSEARCH_CA_CERT}: PEM file of the CA that signed the node certificates</li>
 *   <li>{@code RECON_ELASTICSEARCH_INDEX_PREFIX} (default {@code recon-results}),
 *       {@code RECON_ELASTICSEARCH_BULK_DOCS} (default 20000), {@code RECON_ELASTICSEARCH_BULK_BYTES}
 *       (default 5 MB; a bulk is sent at whichever limit comes first),
 *       {@code RECON_ELASTICSEARCH_CONCURRENT_REQUESTS} (default 2 bulk requests in flight)</li>
 * </ul>
 *
 * <p>Assumptions: credentials never appear in {@link #toString()}; without a CA file the JVM's
 * default trust store is used for https.
 */
public record ElasticsearchSinkConfig(
        List<URI> urls,
        String username,
        String password,
        String apiKey,
        String caCertificatePath,
        String indexPrefix,
        int bulkDocuments,
        int maxQueuedBatches,
        RetryBackoff retry,
        Duration requestTimeout,
        int bulkBytes,
        int concurrentRequests) {

    /**
     * Default bulk size in bytes: Elasticsearch's guidance is 5-15 MB per bulk request; 5 MB because
     * two in flight must stay under a small node's indexing pressure limit (10% of heap: 25 MB on
     * the test kit's 256 MB node, where 2 x 8 MB drew 429s).
     */
    public static final int DEFAULT_BULK_BYTES = 5 << 20;
    /** Default bulk requests in flight: two keep a single node's write threads busy while the next body is built. */
    public static final int DEFAULT_CONCURRENT_REQUESTS = 2;

    /** The configuration as before bulk bytes and concurrency existed: 5 MB bulks, 2 requests in flight. */
    public ElasticsearchSinkConfig(List<URI> urls, String username, String password, String apiKey,
                                   String caCertificatePath, String indexPrefix, int bulkDocuments,
                                   int maxQueuedBatches, RetryBackoff retry, Duration requestTimeout) {
        this(urls, username, password, apiKey, caCertificatePath, indexPrefix, bulkDocuments, maxQueuedBatches, retry,
                requestTimeout, DEFAULT_BULK_BYTES, DEFAULT_CONCURRENT_REQUESTS);
    }

    public ElasticsearchSinkConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no Elasticsearch URL given");
        }
        for (URI url : urls) {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("Elasticsearch URL must be http:// or https://, got " + url);
            }
        }
        if (indexPrefix == null || !indexPrefix.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("index prefix '" + indexPrefix + "' must be lower-case letters, digits, - and _");
        }
        if (bulkDocuments < 1 || bulkDocuments > 100_000) {
            throw new IllegalArgumentException("bulk documents must be 1..100000, got " + bulkDocuments);
        }
        if (maxQueuedBatches < 1) {
            throw new IllegalArgumentException("max queued batches must be >= 1, got " + maxQueuedBatches);
        }
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (bulkBytes < 1024 || bulkBytes > (100 << 20)) {
            throw new IllegalArgumentException("bulk bytes must be 1 KB..100 MB, got " + bulkBytes);
        }
        if (concurrentRequests < 1 || concurrentRequests > 16) {
            throw new IllegalArgumentException("concurrent bulk requests must be 1..16, got " + concurrentRequests);
        }
    }

    public static ElasticsearchSinkConfig of(String url) {
        return new ElasticsearchSinkConfig(List.of(URI.create(url)), null, null, null, null, "recon-results", 20_000, 4,
                RetryBackoff.DEFAULT, Duration.ofSeconds(60));
    }

    public static ElasticsearchSinkConfig fromEnvironment(Secrets env) {
        String urls = env.setting("RECON_ELASTICSEARCH_URL").orElseThrow(() ->
                new IllegalArgumentException("RECON_ELASTICSEARCH_URL is not set (e.g. https://es:9200)"));
        return new ElasticsearchSinkConfig(
                Arrays.stream(urls.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(URI::create).toList(),
                env.setting("RECON_ELASTICSEARCH_USER").orElse(null),
                env.secret("RECON_ELASTICSEARCH_PASSWORD").orElse(null),
                env.secret("RECON_ELASTICSEARCH_API_KEY").orElse(null),
                env.setting("RECON_ELASTICSEARCH_CA_CERT").orElse(null),
                env.setting("RECON_ELASTICSEARCH_INDEX_PREFIX").orElse("recon-results"),
                Integer.parseInt(env.setting("RECON_ELASTICSEARCH_BULK_DOCS").orElse("20000")),
                4, RetryBackoff.DEFAULT, Duration.ofSeconds(60),
                Integer.parseInt(env.setting("RECON_ELASTICSEARCH_BULK_BYTES").orElse(Integer.toString(DEFAULT_BULK_BYTES))),
                Integer.parseInt(env.setting("RECON_ELASTICSEARCH_CONCURRENT_REQUESTS")
                        .orElse(Integer.toString(DEFAULT_CONCURRENT_REQUESTS))));
    }

    /** Bulks of at most {@code bytes} (whichever of documents and bytes is reached first) with {@code concurrent} in flight. */
    public ElasticsearchSinkConfig withBulkBytes(int bytes, int concurrent) {
        return new ElasticsearchSinkConfig(urls, username, password, apiKey, caCertificatePath, indexPrefix,
                bulkDocuments, maxQueuedBatches, retry, requestTimeout, bytes, concurrent);
    }

    public ElasticsearchSinkConfig withBulk(int documents, int queuedBatches) {
        return new ElasticsearchSinkConfig(urls, username, password, apiKey, caCertificatePath, indexPrefix, documents,
                queuedBatches, retry, requestTimeout, bulkBytes, concurrentRequests);
    }

    public ElasticsearchSinkConfig withRetry(RetryBackoff newRetry) {
        return new ElasticsearchSinkConfig(urls, username, password, apiKey, caCertificatePath, indexPrefix,
                bulkDocuments, maxQueuedBatches, newRetry, requestTimeout, bulkBytes, concurrentRequests);
    }

    public ElasticsearchSinkConfig withIndexPrefix(String prefix) {
        return new ElasticsearchSinkConfig(urls, username, password, apiKey, caCertificatePath, prefix, bulkDocuments,
                maxQueuedBatches, retry, requestTimeout, bulkBytes, concurrentRequests);
    }

    /** The low-level REST client (the official one, shared by the Java API client). */
    public RestClient newRestClient() {
        HttpHost[] hosts = urls.stream()
                .map(u -> new HttpHost(u.getHost(), u.getPort() < 0 ? 9200 : u.getPort(), u.getScheme()))
                .toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(rc -> rc.setConnectTimeout(5_000)
                        .setSocketTimeout((int) requestTimeout.toMillis()));
        if (apiKey != null) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + apiKey)});
        } else if (username != null && password != null) {
            String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + basic)});
        }
        if (caCertificatePath != null) {
            SSLContext ssl = sslContextTrusting(Path.of(caCertificatePath));
            builder.setHttpClientConfigCallback(http -> http.setSSLContext(ssl));
        }
        return builder.build();
    }

    static SSLContext sslContextTrusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new IllegalArgumentException("no certificate in CA file " + caPem);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load CA certificate " + caPem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ElasticsearchSinkConfig[urls=" + urls + ", auth=" + (apiKey != null ? "api-key" : username != null ? "basic(" + username + ")" : "none")
                + ", ca=" + caCertificatePath + ", indexPrefix=" + indexPrefix + ", bulkDocuments=" + bulkDocuments + ", bulkBytes=" + bulkBytes + ", concurrentRequests=" + concurrentRequests + "]";
    }
}
