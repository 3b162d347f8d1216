package dev.recon.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.sink.SampleResults;
import dev.recon.sink.row.ReconResultRow;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Template, aliases and the bulk writer against the kit's real Elasticsearch node. */
class ElasticsearchWriterITCase {

    private static ElasticsearchTestNode node;
    private static ReconIndexLayout layout;

    @BeforeAll
    static void install() throws Exception {
        node = ElasticsearchTestNode.fresh("writer");
        layout = new ReconIndexLayout(node.config.indexPrefix());
        layout.install(node.client, YearMonth.of(2026, 11));
        layout.install(node.client, YearMonth.of(2026, 11)); // idempotent
    }

    @AfterAll
    static void close() throws Exception {
        node.close();
    }

    @Test
    void templateGivesExplicitMappingsAndTheAliasesPointRight() throws Exception {
        String november = layout.indexFor(YearMonth.of(2026, 11));
        JsonNode aliases = node.get("/" + november + "/_alias");
        assertThat(aliases.path(november).path("aliases").has(layout.readAlias())).isTrue();
        assertThat(aliases.path(november).path("aliases").path(layout.writeAlias()).path("is_write_index").asBoolean()).isTrue();

        JsonNode caps = node.get("/" + november + "/_field_caps?fields=recon_id,internal_amount_minor,currency,business_date,decided_at,search_text,detail,fraud_score");
        assertThat(caps.path("fields").path("recon_id").has("keyword")).isTrue();
        assertThat(caps.path("fields").path("internal_amount_minor").has("long")).isTrue();
        assertThat(caps.path("fields").path("currency").has("keyword")).isTrue();
        assertThat(caps.path("fields").path("business_date").has("date")).isTrue();
        assertThat(caps.path("fields").path("decided_at").has("date")).isTrue();
        assertThat(caps.path("fields").path("search_text").has("text")).isTrue();
        assertThat(caps.path("fields").path("detail").has("text")).isTrue();
        assertThat(caps.path("fields").path("fraud_score").has("integer")).isTrue();
        assertThat(node.get("/" + november + "/_mapping").path(november).path("mappings").path("dynamic").asText())
                .isEqualTo("strict");

        // moving the write alias to the next month leaves exactly one write index
        layout.install(node.client, YearMonth.of(2026, 12));
        JsonNode writeAlias = node.get("/_alias/" + layout.writeAlias());
        assertThat(writeAlias.size()).isEqualTo(1);
        assertThat(writeAlias.has(layout.indexFor(YearMonth.of(2026, 12)))).isTrue();
        layout.install(node.client, YearMonth.of(2026, 11));
    }

    @Test
    void oneDocumentPerReconIdInItsBusinessDatesIndexReplaysNeverDuplicate() throws Exception {
        List<ReconResultRow> rows = new ArrayList<>(SampleResults.day("es-a", LocalDate.of(2026, 10, 31), 6_000, 1));
        rows.addAll(SampleResults.day("es-a", LocalDate.of(2026, 11, 1), 6_000, 1));
        List<RejectedDocument> rejected = new CopyOnWriteArrayList<>();
        try (ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(node.client, node.config, rejected::add)) {
            writer.writeAll(rows);
            writer.flush();
            assertThat(writer.documentsStored()).isEqualTo(12_000);
        }
        node.refresh();
        String channel = "{\"query\":{\"term\":{\"channel\":\"es-a\"}}}";
        assertThat(node.count(channel)).isEqualTo(12_000);
        assertThat(node.send("POST", "/" + layout.indexFor(LocalDate.of(2026, 10, 1)) + "/_count", channel)
                .path("count").asLong()).isEqualTo(6_000);

        // the whole run again at version 2, then a replay of version 1: still one document each, version 2
        try (ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(node.client, node.config, rejected::add)) {
            for (ReconResultRow row : rows) {
                writer.write(SampleResults.row("es-a", row.businessDate(), Integer.parseInt(row.transactionId().substring(3)), 2));
            }
            writer.flush();
            writer.writeAll(rows);
            writer.flush();
            assertThat(writer.staleVersions()).isEqualTo(12_000);
        }
        node.refresh();
        assertThat(node.count(channel)).isEqualTo(12_000);
        assertThat(node.count("{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"channel\":\"es-a\"}},{\"term\":{\"version\":2}}]}}}"))
                .isEqualTo(12_000);
        assertThat(rejected).isEmpty();

        // a late update of an October result, arriving in November, replaces it in October's index
        ReconResultRow late = SampleResults.row("es-a", LocalDate.of(2026, 10, 31), 3, 9);
        ReconResultRow superseded = SampleResults.row("es-a", LocalDate.of(2026, 10, 31), 4, 1).supersededAt(9);
        try (ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(node.client, node.config, rejected::add)) {
            writer.write(late);
            writer.write(superseded);
        }
        JsonNode doc = node.get("/" + layout.indexFor(LocalDate.of(2026, 10, 31)) + "/_doc/" + late.reconId());
        assertThat(doc.path("_version").asLong()).isEqualTo(9);
        assertThat(doc.path("_source").path("internal_amount").asText()).isEqualTo("15.50");
        node.refresh();
        assertThat(node.count("{\"query\":{\"term\":{\"recon_id\":\"" + superseded.reconId() + "\"}}}")).isZero();
        assertThat(node.count(channel)).isEqualTo(11_999);
        // free text finds a payment by a piece of its channel reference
        assertThat(node.count("{\"query\":{\"match\":{\"search_text\":\"psp-es-a-3\"}}}")).isPositive();
    }

    @Test
    void aRejectedDocumentGoesToTheDeadLetterPathWithTheReasonAndTheRestIsStored() throws Exception {
        ElasticsearchSinkConfig other = node.config.withIndexPrefix(node.config.indexPrefix() + "-dlq");
        ReconIndexLayout dlqLayout = new ReconIndexLayout(other.indexPrefix());
        // an index whose mapping disagrees with the document: recon_id as a number
        node.send("PUT", "/" + dlqLayout.indexFor(YearMonth.of(2026, 9)),
                "{\"mappings\":{\"properties\":{\"recon_id\":{\"type\":\"long\"}}}}");
        List<RejectedDocument> rejected = new CopyOnWriteArrayList<>();
        List<ReconResultRow> rows = new ArrayList<>(SampleResults.day("es-dlq", LocalDate.of(2026, 9, 30), 3, 1));
        rows.addAll(SampleResults.day("es-dlq", LocalDate.of(2026, 8, 31), 5, 1));
        try (ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(node.client, other, rejected::add)) {
            writer.writeAll(rows);
            writer.flush();
            assertThat(writer.deadLettered()).isEqualTo(3);
            assertThat(writer.documentsStored()).isEqualTo(5);
        }
        assertThat(rejected).hasSize(3);
        assertThat(rejected.get(0).status()).isEqualTo(400);
        assertThat(rejected.get(0).reason()).contains("recon_id");
        assertThat(rejected.get(0).id()).isEqualTo(rows.get(0).reconId());
        assertThat(rejected.get(0).document()).contains("\"recon_id\":\"" + rows.get(0).reconId() + "\"");
    }
}
