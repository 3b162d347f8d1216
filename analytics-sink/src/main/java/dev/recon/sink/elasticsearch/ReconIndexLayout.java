package dev.recon.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final String MIGRATIONS = "/dev/recon/sink/elasticsearch/mapping-migrations/";
    private static final Pattern MIGRATION_NAME = Pattern.compile("V(\\d{3})__[a-z0-9_]+\\.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ReconIndexLayout.class);

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

    /** The template version shipped in the jar (its top-level {@code version}). */
    public int shippedVersion() {
        try {
            return MAPPER.readTree(templateJson()).path("version").asInt();
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse " + TEMPLATE_RESOURCE, e);
        }
    }

    /** The version of the template installed on the node, 0 when there is none. */
    public int installedVersion(RestClient client) throws IOException {
        try {
            Response response = client.performRequest(new Request("GET", "/_index_template/" + prefix));
            JsonNode templates = MAPPER.readTree(EntityUtils.toString(response.getEntity())).path("index_templates");
            if (templates.isEmpty()) {
                return 0;
            }
            JsonNode template = templates.get(0).path("index_template");
            // schema version 1 was released with _meta.schema_version only, before the template had a version
            return template.path("version").asInt(template.path("_meta").path("schema_version").asInt(0));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * The additive mapping migrations shipped in the jar, in order: version -> body of
     * {@code PUT <prefix>-*}{@code /_mapping}. A released file is never edited; a new field is a new file
     * and a new template version.
     */
    public static SortedMap<Integer, String> mappingMigrations() {
        SortedMap<Integer, String> migrations = new TreeMap<>();
        String index = resource(MIGRATIONS + "index.txt");
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = MIGRATION_NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException(MIGRATIONS + "index.txt: '" + name + "' is not V<nnn>__<name>.json");
            }
            migrations.put(Integer.parseInt(m.group(1)), resource(MIGRATIONS + name));
        }
        return migrations;
    }

    /**
     * Installs (or upgrades) the index template and points the write alias at {@code currentMonth}'s
     * index, creating it. Idempotent: run it at every start.
     *
     * <p>Upgrade: when the node's template is older than the shipped one, the mapping migrations
     * newer than it are applied to every existing index of the prefix first (adding fields only,
     * which a strict mapping allows), then the template is replaced; so documents with the new
     * fields are accepted by last month's index too, and an interrupted upgrade is simply redone at
     * the next start. A node whose template is newer than this jar's (a newer release runs
     * alongside) is left alone.
     */
    public void install(RestClient client, YearMonth currentMonth) throws IOException {
        int installed = installedVersion(client);
        int shipped = shippedVersion();
        if (installed > shipped) {
            LOG.warn("Elasticsearch template {} is at version {}, newer than this release's {}; leaving it as it is",
                    prefix, installed, shipped);
        } else if (installed < shipped) {
            for (Map.Entry<Integer, String> migration : mappingMigrations().entrySet()) {
                if (migration.getKey() > installed && installed > 0) {
                    Request mapping = new Request("PUT", "/" + prefix + "-*/_mapping");
                    mapping.addParameter("allow_no_indices", "true");
                    mapping.addParameter("ignore_unavailable", "true");
                    mapping.setEntity(new NStringEntity(migration.getValue(), ContentType.APPLICATION_JSON));
                    client.performRequest(mapping);
                    LOG.info("Elasticsearch mapping migration V{} applied to the existing {}-* indices", migration.getKey(), prefix);
                }
            }
            Request template = new Request("PUT", "/_index_template/" + prefix);
            template.setEntity(new NStringEntity(templateJson(), ContentType.APPLICATION_JSON));
            client.performRequest(template);
            LOG.info("Elasticsearch template {} installed at version {} (was {})", prefix, shipped, installed);
        }
        ensureIndex(client, indexFor(currentMonth));
        healSuspendedRefresh(client);
        Request alias = new Request("POST", "/_aliases");
        alias.setEntity(new NStringEntity("{\"actions\":["
                + "{\"remove\":{\"index\":\"" + prefix + "-*\",\"alias\":\"" + writeAlias() + "\",\"must_exist\":false}},"
                + "{\"add\":{\"index\":\"" + indexFor(currentMonth) + "\",\"alias\":\"" + writeAlias()
                + "\",\"is_write_index\":true}}]}", ContentType.APPLICATION_JSON));
        client.performRequest(alias);
    }

    /**
     * Turns refresh off on {@code indices} for a bulk load (Elasticsearch's advice for loading many
     * documents: no segment is made searchable every {@code refresh_interval}), and back on when
     * the returned handle is closed, to each index's previous explicit value (or the default).
     * Documents loaded meanwhile are stored and durable but not yet searchable. If the loading
     * process dies before closing, the next {@link #install} turns refresh back on.
     */
    public RefreshSuspension suspendRefresh(RestClient client, java.util.Collection<String> indices) throws IOException {
        Map<String, String> previous = new java.util.LinkedHashMap<>();
        for (String index : indices) {
            ensureIndex(client, index);
            Response response = client.performRequest(new Request("GET", "/" + index + "/_settings/index.refresh_interval"));
            JsonNode value = MAPPER.readTree(EntityUtils.toString(response.getEntity()))
                    .path(index).path("settings").path("index").path("refresh_interval");
            previous.put(index, value.isMissingNode() || "-1".equals(value.asText()) ? null : value.asText());
            putRefreshInterval(client, index, "-1");
        }
        return new RefreshSuspension(client, previous);
    }

    /** Restores refresh on the indices of a {@link #suspendRefresh}; closing twice is harmless. */
    public static final class RefreshSuspension implements AutoCloseable {
        private final RestClient client;
        private final Map<String, String> previous;
        private boolean closed;

        private RefreshSuspension(RestClient client, Map<String, String> previous) {
            this.client = client;
            this.previous = previous;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            for (Map.Entry<String, String> e : previous.entrySet()) {
                putRefreshInterval(client, e.getKey(), e.getValue());
            }
        }
    }

    private static void putRefreshInterval(RestClient client, String index, String interval) throws IOException {
        Request settings = new Request("PUT", "/" + index + "/_settings");
        settings.setEntity(new NStringEntity("{\"index\":{\"refresh_interval\":"
                + (interval == null ? "null" : "\"" + interval + "\"") + "}}", ContentType.APPLICATION_JSON));
        client.performRequest(settings);
    }

    /** Turns refresh back on where a bulk load died with it off (see {@link #suspendRefresh}). */
    private void healSuspendedRefresh(RestClient client) throws IOException {
        Request get = new Request("GET", "/" + prefix + "-*/_settings/index.refresh_interval");
        get.addParameter("allow_no_indices", "true");
        get.addParameter("ignore_unavailable", "true");
        JsonNode all = MAPPER.readTree(EntityUtils.toString(client.performRequest(get).getEntity()));
        JsonNode templated = MAPPER.readTree(templateJson()).path("template").path("settings").path("refresh_interval");
        String interval = templated.isMissingNode() ? null : templated.asText();
        for (Map.Entry<String, JsonNode> index : all.properties()) {
            if ("-1".equals(index.getValue().path("settings").path("index").path("refresh_interval").asText())) {
                LOG.warn("index {} was left with refresh off by an interrupted bulk load; turning it back on", index.getKey());
                putRefreshInterval(client, index.getKey(), interval);
            }
        }
    }

    private static String resource(String path) {
        try (InputStream in = ReconIndexLayout.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
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
