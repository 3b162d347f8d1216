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
        ReconResultRow fullRow = SampleResults.withFx(SampleResults.row("adyen", LocalDate.of(2026, 11, 20), 13, 1));
        StringWriter json = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(json)) {
            ReconResultDocument.write(fullRow, g);
        }
        JsonNode document = MAPPER.readTree(json.toString());
        List<String> unmapped = new ArrayList<>();
        document.fieldNames().forEachRemaining(f -> {
            if (!properties.has(f)) {
                unmapped.add(f);
            }
        });
        assertThat(unmapped).isEmpty();
        assertThat(document.path("internal_amount").asText()).isEqualTo("25.50");
        assertThat(document.path("difference_minor").asLong()).isEqualTo(150_000);
        assertThat(document.path("fx_rate").asText()).isEqualTo("1.08345678");
        properties.properties().forEach(p -> assertThat(p.getValue().path("type").asText())
                .as(p.getKey()).isNotIn("float", "double", "half_float", "scaled_float"));
        assertThat(properties.path("payment_id").path("type").asText()).isEqualTo("keyword");
        assertThat(properties.path("internal_amount_minor").path("type").asText()).isEqualTo("long");
    }
}
