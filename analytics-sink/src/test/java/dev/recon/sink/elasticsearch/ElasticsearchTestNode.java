package dev.recon.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.sink.RetryBackoff;
import dev.recon.testkit.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

/** The kit's Elasticsearch node with a unique index prefix per test class. */
final class ElasticsearchTestNode implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final ElasticsearchSinkConfig config;
    final RestClient client;

    private ElasticsearchTestNode(ElasticsearchSinkConfig config) {
        this.config = config;
        this.client = config.newRestClient();
    }

    static ElasticsearchTestNode fresh(String purpose) {
        String prefix = "it-" + purpose + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFL);
        ElasticsearchSinkConfig config = ElasticsearchSinkConfig.of(TestServices.elasticsearch().httpUrl())
                .withIndexPrefix(prefix)
                .withRetry(new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(3)));
        return new ElasticsearchTestNode(config);
    }

    JsonNode get(String path) throws IOException {
        return read(client.performRequest(new Request("GET", path)));
    }

    JsonNode send(String method, String path, String json) throws IOException {
        Request request = new Request(method, path);
        if (json != null) {
            request.setEntity(new NStringEntity(json, ContentType.APPLICATION_JSON));
        }
        return read(client.performRequest(request));
    }

    void refresh() throws IOException {
        client.performRequest(new Request("POST", "/" + config.indexPrefix() + "-*/_refresh"));
    }

    long count(String query) throws IOException {
        return send("POST", "/" + config.indexPrefix() + "/_count", query).path("count").asLong();
    }

    private static JsonNode read(Response response) throws IOException {
        try (InputStream in = response.getEntity().getContent()) {
            return MAPPER.readTree(in);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
