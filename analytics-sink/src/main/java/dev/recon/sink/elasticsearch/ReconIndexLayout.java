package dev.recon.sink.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * The index layout of recon results in Elasticsearch:
 * <ul>
 *   <li>one index per month of business date, {@code <prefix>-yyyy.MM} (e.g. {@code recon-results-2026.11}):
 *       a result goes to the index of its business date whatever day its update arrives, so a late
 *       version replaces the earlier one in place (same index, same {@code _id});</li>
 *   <li>the index template {@code <prefix>} gives every such index the explicit mapping and the read
 *       alias {@code <prefix>} (what Kibana and support staff search);</li>
 *   <li>the write alias {@code <prefix>-write} points at the current month's index, for tools that
 *       add documents without knowing the layout. The bulk writer does not use it: it addresses
 *       the business date's index directly.</li>
 * </ul>
 *
 * <p>Assumptions: monthly rather than daily indices, because one day of results is far below a
 * useful shard size; business dates of a recon_id never change between versions. Only core
 * Elasticsearch features (no ILM, no data streams): retention is deleting old monthly indices.
 */
public final class ReconIndexLayout {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM");
    private static final String TEMPLATE_RESOURCE = "/dev/recon/sink/elasticsearch/recon-results-template.json";

    private final String prefix;

    public ReconIndexLayout(String prefix) {
        this.prefix = prefix;
    }

    public String readAlias() {
        return prefix;
    }

    public String writeAlias() {
        return prefix + "-write";
    }

    public String indexFor(LocalDate businessDate) {
        return prefix + "-" + MONTH.format(businessDate);
    }

    public String indexFor(YearMonth month) {
        return prefix + "-" + MONTH.format(month);
    }

    /** The template body shipped in the jar, with its pattern and read alias set to this prefix. */
    public String templateJson() {
        try (InputStream in = ReconIndexLayout.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE_RESOURCE + " is missing from the jar");
            }
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return json.replace("\"recon-results-*\"", "\"" + prefix + "-*\"")
                    .replace("\"recon-results\": {}", "\"" + prefix + "\": {}");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + TEMPLATE_RESOURCE, e);
        }
    }

    /**
     * Installs (or updates) the index template and points the write alias at {@code currentMonth}'s
     * index, creating it. Idempotent: run it at every start.
     */
    public void install(RestClient client, YearMonth currentMonth) throws IOException {
        Request template = new Request("PUT", "/_index_template/" + prefix);
        template.setEntity(new NStringEntity(templateJson(), ContentType.APPLICATION_JSON));
        client.performRequest(template);
        ensureIndex(client, indexFor(currentMonth));
        Request alias = new Request("POST", "/_aliases");
        alias.setEntity(new NStringEntity("{\"actions\":["
                + "{\"remove\":{\"index\":\"" + prefix + "-*\",\"alias\":\"" + writeAlias() + "\",\"must_exist\":false}},"
                + "{\"add\":{\"index\":\"" + indexFor(currentMonth) + "\",\"alias\":\"" + writeAlias()
                + "\",\"is_write_index\":true}}]}", ContentType.APPLICATION_JSON));
        client.performRequest(alias);
    }

    /** Creates an index from the template unless it exists. */
    public static void ensureIndex(RestClient client, String index) throws IOException {
        try {
            client.performRequest(new Request("PUT", "/" + index));
        } catch (ResponseException e) {
            String body = e.getResponse().getEntity() == null ? "" : EntityUtils.toString(e.getResponse().getEntity());
            if (e.getResponse().getStatusLine().getStatusCode() != 400 || !body.contains("resource_already_exists_exception")) {
                throw e;
            }
        }
    }
}
