package dev.recon.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.sink.SampleResults;
import dev.recon.sink.row.ReconResultRow;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconIndexLayoutTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aResultGoesToTheMonthlyIndexOfItsBusinessDate() {
        ReconIndexLayout layout = new ReconIndexLayout("recon-results");
        assertThat(layout.indexFor(LocalDate.of(2026, 10, 31))).isEqualTo("recon-results-2026.10");
        assertThat(layout.indexFor(LocalDate.of(2026, 11, 1))).isEqualTo("recon-results-2026.11");
        assertThat(layout.writeAlias()).isEqualTo("recon-results-write");
    }

    @Test
    void theTemplateFollowsThePrefix() throws Exception {
        JsonNode template = MAPPER.readTree(new ReconIndexLayout("it-x").templateJson());
        assertThat(template.path("index_patterns").get(0).asText()).isEqualTo("it-x-*");
        assertThat(template.path("template").path("aliases").has("it-x")).isTrue();
        assertThat(template.path("template").path("mappings").path("dynamic").asText()).isEqualTo("strict");
    }

    @Test
    void everyDocumentFieldIsMappedAndMoneyIsNeverAFloatingType() throws Exception {
        JsonNode properties = MAPPER.readTree(new ReconIndexLayout("recon-results").templateJson())
                .path("template").path("mappings").path("properties");
        ReconResultRow base = SampleResults.withFx(SampleResults.row("adyen", LocalDate.of(2026, 11, 20), 13, 1));
        java.time.Instant t = java.time.Instant.parse("2026-11-20T10:00:00Z");
        ReconResultRow fullRow = base.withLegs(java.util.List.of(
                base.leg(dev.recon.sink.row.PaymentLeg.Kind.INTERNAL).orElseThrow().at(t, t),
                new dev.recon.sink.row.PaymentLeg(dev.recon.sink.row.PaymentLeg.Kind.CALLBACK, "psp", 5L, "EUR", "CAPTURED", t, t, "cb/0@1"),
                base.leg(dev.recon.sink.row.PaymentLeg.Kind.SETTLEMENT).orElseThrow().at(t, t)))
                .withFraud(870, "REVIEW", java.util.List.of("velocity"));
        StringWriter json = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(json)) {
            ReconResultDocument.write(fullRow, g);
        }
        JsonNode document = MAPPER.readTree(json.toString());
        List<String> unmapped = new ArrayList<>();
        unmappedFields("", document, properties, unmapped);
        assertThat(unmapped).isEmpty();
        assertThat(document.path("legs").path("callback").path("amount").asText()).isEqualTo("0.05");
        assertThat(document.path("legs").path("settlement").path("occurred_at").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(document.path("internal_amount").asText()).isEqualTo("25.50");
        assertThat(document.path("difference_minor").asLong()).isEqualTo(150_000);
        assertThat(document.path("fx_rate").asText()).isEqualTo("1.08345678");
        properties.properties().forEach(p -> assertThat(p.getValue().path("type").asText())
                .as(p.getKey()).isNotIn("float", "double", "half_float", "scaled_float"));
        assertThat(properties.path("payment_id").path("type").asText()).isEqualTo("keyword");
        assertThat(properties.path("internal_amount_minor").path("type").asText()).isEqualTo("long");
        assertThat(properties.path("legs").path("properties").path("settlement").path("properties")
                .path("amount_minor").path("type").asText()).isEqualTo("long");
    }

    private static void unmappedFields(String path, JsonNode document, JsonNode properties, List<String> unmapped) {
        document.fields().forEachRemaining(f -> {
            JsonNode mapping = properties.path(f.getKey());
            if (mapping.isMissingNode()) {
                unmapped.add(path + f.getKey());
            } else if (f.getValue().isObject()) {
                unmappedFields(path + f.getKey() + ".", f.getValue(), mapping.path("properties"), unmapped);
            }
        });
    }

    @Test
    void theTemplateIsTheFirstReleasePlusEveryMappingMigrationAndItsVersionIsTheLastMigrations() throws Exception {
        ReconIndexLayout layout = new ReconIndexLayout("recon-results");
        JsonNode template = MAPPER.readTree(layout.templateJson());
        JsonNode properties = template.path("template").path("mappings").path("properties");
        var migrations = ReconIndexLayout.mappingMigrations();
        assertThat(migrations).isNotEmpty();
        assertThat(migrations.firstKey()).isEqualTo(2);
        assertThat(layout.shippedVersion()).isEqualTo(migrations.lastKey());
        assertThat(template.path("_meta").path("schema_version").asInt()).isEqualTo(layout.shippedVersion());
        for (String body : migrations.values()) {
            MAPPER.readTree(body).path("properties").fields().forEachRemaining(f ->
                    assertThat(properties.path(f.getKey())).as("template field " + f.getKey()).isEqualTo(f.getValue()));
        }
    }
}
