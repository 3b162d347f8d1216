package dev.recon.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.sink.SampleResults;
import dev.recon.sink.row.PaymentLeg;
import dev.recon.sink.row.ReconResultRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The document of a recon_id (legs, status, break, difference, fraud decision) and the template
 * upgrade of an existing deployment, against the kit's real Elasticsearch node.
 */
class ElasticsearchDocumentITCase {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    private static ElasticsearchTestNode node;

    @BeforeAll
    static void open() {
        node = ElasticsearchTestNode.fresh("doc");
    }

    @AfterAll
    static void close() throws Exception {
        node.close();
    }

    @Test
    void oneDocumentCarriesThePaymentsLegsStatusBreakDifferenceAndFraudDecision() throws Exception {
        ReconIndexLayout layout = new ReconIndexLayout(node.config.indexPrefix());
        layout.install(node.client, YearMonth.from(DAY));
        assertThat(layout.installedVersion(node.client)).isEqualTo(layout.shippedVersion()).isGreaterThanOrEqualTo(2);

        ReconResultRow amountBreak = SampleResults.row("es-doc", DAY, 13, 1); // AMOUNT_MISMATCH, EUR
        Instant paid = Instant.parse("2026-11-20T09:15:02.123Z");
        ReconResultRow full = amountBreak.withLegs(List.of(
                amountBreak.leg(PaymentLeg.Kind.INTERNAL).orElseThrow().at(paid, paid.plusMillis(40)),
                new PaymentLeg(PaymentLeg.Kind.CALLBACK, "psp-es-doc-13", 2550L, "EUR", "CAPTURED",
                        paid.plusSeconds(3), paid.plusSeconds(4), "channel-callbacks/2@88"),
                amountBreak.leg(PaymentLeg.Kind.SETTLEMENT).orElseThrow()
                        .at(Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-22T06:00:00Z"))))
                .withFraud(870, "REVIEW", List.of("velocity_card_10m", "ip_country_mismatch"));
        ReconResultRow derivedOnly = SampleResults.row("es-doc", DAY, 15, 1); // MATCHED, EUR, legs from its columns
        List<RejectedDocument> rejected = new CopyOnWriteArrayList<>();
        try (ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(node.client, node.config, rejected::add)) {
            writer.write(full);
            writer.write(derivedOnly);
            writer.flush();
            assertThat(writer.documentsStored()).isEqualTo(2);
        }
        assertThat(rejected).isEmpty();

        JsonNode doc = node.get("/" + layout.indexFor(DAY) + "/_doc/" + full.reconId()).path("_source");
        assertThat(doc.path("status").asText()).isEqualTo("BREAK");
        assertThat(doc.path("break_type").asText()).isEqualTo("AMOUNT_MISMATCH");
        assertThat(doc.path("difference_minor").asLong()).isEqualTo(150_000);
        assertThat(doc.path("difference").asText()).isEqualTo("1500.00");
        JsonNode legs = doc.path("legs");
        assertThat(legs.path("internal").path("reference").asText()).isEqualTo("tx-13");
        assertThat(legs.path("internal").path("amount_minor").asLong()).isEqualTo(2550);
        assertThat(legs.path("internal").path("amount").asText()).isEqualTo("25.50");
        assertThat(legs.path("internal").path("currency").asText()).isEqualTo("EUR");
        assertThat(legs.path("internal").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(legs.path("internal").path("occurred_at").asText()).isEqualTo("2026-11-20T09:15:02.123Z");
        assertThat(legs.path("callback").path("status").asText()).isEqualTo("CAPTURED");
        assertThat(legs.path("callback").path("source").asText()).isEqualTo("channel-callbacks/2@88");
        assertThat(legs.path("settlement").path("reference").asText()).isEqualTo("psp-es-doc-13");
        assertThat(legs.path("settlement").path("amount_minor").asLong()).isEqualTo(152_550);
        assertThat(legs.path("settlement").path("status").asText()).isEqualTo("Settled");
        assertThat(legs.path("settlement").path("recorded_at").asText()).isEqualTo("2026-11-22T06:00:00Z");
        assertThat(doc.path("fraud_score").asInt()).isEqualTo(870);
        assertThat(doc.path("fraud_decision").asText()).isEqualTo("REVIEW");
        assertThat(doc.path("fraud_rules").toString()).isEqualTo("[\"velocity_card_10m\",\"ip_country_mismatch\"]");

        JsonNode derived = node.get("/" + layout.indexFor(DAY) + "/_doc/" + derivedOnly.reconId()).path("_source").path("legs");
        assertThat(derived.path("internal").path("amount_minor").asLong()).isEqualTo(2750);
        assertThat(derived.path("settlement").path("amount_minor").asLong()).isEqualTo(2750);
        assertThat(derived.has("callback")).isFalse();
        assertThat(derived.path("settlement").has("occurred_at")).isFalse();

        // the new fields are searchable with their mapped types
        node.refresh();
        String prefix = node.config.indexPrefix();
        assertThat(node.count("{\"query\":{\"term\":{\"fraud_rules\":\"ip_country_mismatch\"}}}")).isEqualTo(1);
        assertThat(node.count("{\"query\":{\"term\":{\"legs.callback.status\":\"CAPTURED\"}}}")).isEqualTo(1);
        assertThat(node.count("{\"query\":{\"range\":{\"legs.internal.amount_minor\":{\"gte\":2600}}}}")).isEqualTo(1);
        assertThat(node.count("{\"query\":{\"range\":{\"legs.callback.occurred_at\":{\"gte\":\"2026-11-20T09:15:05Z\"}}}}"))
                .isEqualTo(1);
        assertThat(node.count("{\"query\":{\"match_phrase\":{\"search_text\":\"tx-15\"}}}")).isEqualTo(1);
        JsonNode caps = node.get("/" + prefix + "/_field_caps?fields=legs.*,fraud_rules,fraud_decision").path("fields");
        assertThat(caps.path("legs.internal.amount_minor").has("long")).isTrue();
        assertThat(caps.path("legs.settlement.amount").has("keyword")).isTrue();
        assertThat(caps.path("legs.callback.occurred_at").has("date")).isTrue();
        assertThat(caps.path("legs.settlement.recorded_at").has("date")).isTrue();
        assertThat(caps.path("legs.internal.reference").has("keyword")).isTrue();
        assertThat(caps.path("fraud_rules").has("keyword")).isTrue();
        assertThat(caps.path("fraud_decision").has("keyword")).isTrue();
    }

    @Test
    void aDeploymentOnTheFirstTemplateIsUpgradedInPlaceAtStart() throws Exception {
        // its own prefix (not a sub-prefix of the other test's: templates of one priority must not overlap)
        ElasticsearchSinkConfig config = node.config.withIndexPrefix("it-docup-" + Long.toHexString(System.nanoTime() & 0xFFFFFFL));
        ReconIndexLayout layout = new ReconIndexLayout(config.indexPrefix());
        // what release 1 installed: the template without the migrated fields and with only _meta.schema_version 1
        ObjectNode v1 = (ObjectNode) MAPPER.readTree(layout.templateJson());
        v1.remove("version");
        ((ObjectNode) v1.path("_meta")).put("schema_version", 1);
        ObjectNode properties = (ObjectNode) v1.path("template").path("mappings").path("properties");
        for (String migration : ReconIndexLayout.mappingMigrations().values()) {
            Iterator<String> added = MAPPER.readTree(migration).path("properties").fieldNames();
            added.forEachRemaining(properties::remove);
        }
        node.send("PUT", "/_index_template/" + config.indexPrefix(), v1.toString());
        String october = layout.indexFor(YearMonth.of(2026, 10));
        node.send("PUT", "/" + october, null);
        assertThat(layout.installedVersion(node.client)).isEqualTo(1);

        ReconResultRow withLegs = SampleResults.row("es-up", LocalDate.of(2026, 10, 30), 3, 1)
                .withFraud(40, "ALLOW", List.of("amount_threshold"));
        List<RejectedDocument> rejected = new CopyOnWriteArrayList<>();
        try (ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(node.client, config, rejected::add)) {
            writer.write(withLegs);
            writer.flush();
        }
        // the strict release-1 mapping refuses the new fields: this is what the upgrade must fix
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).reason()).contains("strict_dynamic_mapping_exception");

        layout.install(node.client, YearMonth.of(2026, 11));
        layout.install(node.client, YearMonth.of(2026, 11)); // idempotent
        assertThat(layout.installedVersion(node.client)).isEqualTo(layout.shippedVersion());
        JsonNode mapping = node.get("/" + october + "/_mapping").path(october).path("mappings");
        assertThat(mapping.path("dynamic").asText()).isEqualTo("strict");
        assertThat(mapping.path("properties").path("legs").path("properties").path("internal").path("properties")
                .path("amount_minor").path("type").asText()).isEqualTo("long");
        assertThat(mapping.path("properties").path("fraud_rules").path("type").asText()).isEqualTo("keyword");

        rejected.clear();
        try (ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(node.client, config, rejected::add)) {
            writer.write(withLegs);
            writer.write(SampleResults.row("es-up", LocalDate.of(2026, 11, 2), 4, 1));
            writer.flush();
            assertThat(writer.documentsStored()).isEqualTo(2);
        }
        assertThat(rejected).isEmpty();
        JsonNode doc = node.get("/" + october + "/_doc/" + withLegs.reconId()).path("_source");
        assertThat(doc.path("legs").path("internal").path("reference").asText()).isEqualTo("tx-3");
        assertThat(doc.path("fraud_rules").get(0).asText()).isEqualTo("amount_threshold");
    }
}
