package dev.recon.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kibana/recon-saved-objects.ndjson without Kibana (none is obtainable here): every line is a
 * saved object, references resolve inside the file, embedded JSON parses, and every field a data
 * view, saved search or visualisation uses exists with a fitting type in {@code _field_caps} of an
 * index made from the product's template on the real node.
 */
class KibanaSavedObjectsITCase {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern KQL_FIELD = Pattern.compile("([a-z_]+)\\s*(:|>=|<=|<|>)");

    private static final List<JsonNode> OBJECTS = new ArrayList<>();
    private static ElasticsearchTestNode node;
    private static final Map<String, Set<String>> FIELD_TYPES = new HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        Path file = Path.of(System.getProperty("recon.repo.root", "..")).resolve("deploy/kibana/recon-saved-objects.ndjson");
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                OBJECTS.add(MAPPER.readTree(line));
            }
        }
        node = ElasticsearchTestNode.fresh("kibana");
        new ReconIndexLayout(node.config.indexPrefix()).install(node.client, YearMonth.of(2026, 11));
        JsonNode caps = node.get("/" + node.config.indexPrefix() + "/_field_caps?fields=*");
        caps.path("fields").properties().forEach(f -> {
            Set<String> types = new HashSet<>();
            f.getValue().fieldNames().forEachRemaining(types::add);
            FIELD_TYPES.put(f.getKey(), types);
        });
    }

    @AfterAll
    static void close() throws Exception {
        node.close();
    }

    @Test
    void everyLineIsASavedObjectAndEveryReferenceResolves() throws Exception {
        assertThat(OBJECTS).extracting(o -> o.path("type").asText())
                .contains("index-pattern", "search", "visualization", "dashboard");
        Set<String> ids = new HashSet<>();
        for (JsonNode o : OBJECTS) {
            assertThat(o.path("id").asText()).isNotBlank();
            assertThat(o.path("attributes").path("title").asText()).isNotBlank();
            assertThat(ids.add(o.path("type").asText() + "/" + o.path("id").asText())).as("unique " + o.path("id")).isTrue();
        }
        for (JsonNode o : OBJECTS) {
            for (JsonNode ref : o.path("references")) {
                assertThat(ids).as(o.path("id") + " references " + ref).contains(ref.path("type").asText() + "/" + ref.path("id").asText());
            }
            JsonNode meta = o.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON");
            if (!meta.isMissingNode()) {
                JsonNode source = MAPPER.readTree(meta.asText());
                if (source.has("indexRefName")) {
                    assertThat(refNames(o)).contains(source.path("indexRefName").asText());
                }
            }
            if (o.path("type").asText().equals("dashboard")) {
                JsonNode panels = MAPPER.readTree(o.path("attributes").path("panelsJSON").asText());
                assertThat(panels.size()).isGreaterThanOrEqualTo(4);
                for (JsonNode panel : panels) {
                    assertThat(refNames(o)).contains(panel.path("panelRefName").asText());
                }
                MAPPER.readTree(o.path("attributes").path("optionsJSON").asText());
            }
        }
        assertThat(OBJECTS).extracting(o -> o.path("attributes").path("title").asText())
                .contains("Breaks today", "Payment by id or channel reference", "High fraud score");
    }

    @Test
    void theDataViewCoversTheReadAliasWithADateTimeField() {
        JsonNode view = OBJECTS.stream().filter(o -> o.path("type").asText().equals("index-pattern")).findFirst().orElseThrow();
        assertThat(view.path("attributes").path("title").asText()).isEqualTo(new ReconIndexLayout("recon-results").readAlias());
        assertThat(FIELD_TYPES.get(view.path("attributes").path("timeFieldName").asText())).containsExactly("date");
    }

    @Test
    void everyFieldUsedExistsWithAFittingType() throws Exception {
        int checked = 0;
        for (JsonNode o : OBJECTS) {
            JsonNode attributes = o.path("attributes");
            for (JsonNode column : attributes.path("columns")) {
                assertExists(column.asText(), o);
                checked++;
            }
            for (JsonNode sort : attributes.path("sort")) {
                assertType(sort.get(0).asText(), o, "long", "integer", "date", "keyword");
                checked++;
            }
            JsonNode meta = attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON");
            if (!meta.isMissingNode()) {
                Matcher m = KQL_FIELD.matcher(MAPPER.readTree(meta.asText()).path("query").path("query").asText());
                while (m.find()) {
                    if (m.group(2).equals(":")) {
                        assertExists(m.group(1), o);
                    } else {
                        assertType(m.group(1), o, "long", "integer", "date");
                    }
                    checked++;
                }
            }
            if (attributes.has("visState")) {
                for (JsonNode agg : MAPPER.readTree(attributes.path("visState").asText()).path("aggs")) {
                    String field = agg.path("params").path("field").asText(null);
                    if (field == null) {
                        continue;
                    }
                    switch (agg.path("type").asText()) {
                        case "terms" -> assertType(field, o, "keyword");
                        case "date_histogram" -> assertType(field, o, "date");
                        case "sum", "avg", "max", "min" -> assertType(field, o, "long", "integer");
                        default -> assertExists(field, o);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void theSupportRoleReadsOnlyMappedFieldsOfTheResultIndices() throws Exception {
        JsonNode role = MAPPER.readTree(Path.of(System.getProperty("recon.repo.root", ".."))
                .resolve("deploy/kibana/recon-support-role.json").toFile());
        JsonNode indices = role.path("indices").get(0);
        assertThat(indices.path("names").toString()).contains("\"recon-results\"", "\"recon-results-*\"");
        assertThat(indices.path("privileges").toString()).isEqualTo("[\"read\",\"view_index_metadata\"]");
        assertThat(role.path("cluster").size()).isZero();
        List<String> granted = new ArrayList<>();
        indices.path("field_security").path("grant").forEach(f -> granted.add(f.asText()));
        assertThat(granted).isNotEmpty().doesNotContain("*");
        for (String field : granted) {
            assertThat(FIELD_TYPES).as("granted field " + field).containsKey(field);
            assertThat(field).doesNotStartWith("card_");
        }
    }

    private static Set<String> refNames(JsonNode o) {
        Set<String> names = new HashSet<>();
        o.path("references").forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    private static void assertExists(String field, JsonNode o) {
        assertThat(FIELD_TYPES).as("field " + field + " used by " + o.path("id").asText()).containsKey(field);
    }

    private static void assertType(String field, JsonNode o, String... types) {
        assertExists(field, o);
        assertThat(FIELD_TYPES.get(field)).as("type of " + field + " used by " + o.path("id").asText()).containsAnyOf(types);
    }
}
