package dev.recon.parsers.generic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.CollectingSink;
import dev.recon.parsers.Fixtures;
import dev.recon.parsers.Formats;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericCsvParserTest {

    @TempDir
    Path tmp;

    private Path resource(String name) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, Fixtures.bytes("fixtures/generic/" + name));
        return p;
    }

    @Test
    void cp1252SemicolonDecimalCommaDirectionColumnMapping() throws Exception {
        ParseOptions options = ParseOptions.defaults().withMapping(resource("acme-mapping.yaml"));
        CollectingSink sink = new CollectingSink();
        ParseResult r = Formats.parser("generic", options)
                .parseReport(List.of(Fixtures.source("fixtures/generic/acme-settlement.csv")), sink);
        assertThat(r.rowsRead()).isEqualTo(5);
        assertThat(r.records()).isEqualTo(3);
        assertThat(sink.quarantined).extracting(q -> q.line() + " " + q.field())
                .containsExactly("4 S/H", "5 Betrag");

        SettlementRecord sale = sink.records.get(0);
        assertThat(sale.channel()).isEqualTo("acme-acquirer");
        assertThat(sale.category()).isEqualTo(RecordCategory.PAYMENT);
        assertThat(sale.gross()).isEqualTo(Money.ofMinor(123450, "EUR"));
        assertThat(sale.net()).isEqualTo(Money.ofMinor(122215, "EUR"));
        assertThat(sale.totalFees()).isEqualTo(Money.ofMinor(1235, "EUR"));
        assertThat(sale.bookingDate()).isEqualTo(LocalDate.of(2026, 1, 5));
        assertThat(sale.eventTime()).isEqualTo(Instant.parse("2026-01-05T09:15:00Z"));
        assertThat(sale.description()).isEqualTo("Müller GmbH");

        SettlementRecord refund = sink.records.get(1);
        assertThat(refund.category()).isEqualTo(RecordCategory.REFUND);
        assertThat(refund.recordType()).isEqualTo("Gutschrift");
        assertThat(refund.net()).isEqualTo(Money.ofMinor(-10000, "EUR"));
        assertThat(sink.records.get(2).category()).isEqualTo(RecordCategory.OTHER);
    }

    @Test
    void headerlessFileByPositionsFromJsonMapping() throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult r = Formats.parser("generic", ParseOptions.defaults().withMapping(resource("positions.json")))
                .parseReport(List.of(Fixtures.source("fixtures/generic/positions.csv")), sink);
        assertThat(r.records()).isEqualTo(2);
        assertThat(sink.records).extracting(SettlementRecord::net)
                .containsExactly(Money.ofMinor(1250, "USD"), Money.ofMinor(-300, "USD"));
        assertThat(sink.records.get(0).category()).isEqualTo(RecordCategory.PAYMENT);
        assertThat(sink.records.get(0).gross()).isNull();
    }

    @Test
    void mappingTyposFailWithTheMappingFileName() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "channel: x\ncolumns:\n  amount: Betrag\n");
        assertThatThrownBy(() -> Formats.parser("generic", ParseOptions.defaults().withMapping(bad)))
                .isInstanceOf(ParseException.class)
                .hasMessageStartingWith(bad + ":1: mapping file: unknown column field 'amount'");
    }

    @Test
    void missingMappedColumnFailsTheFile() throws Exception {
        ParseOptions options = ParseOptions.defaults().withMapping(resource("acme-mapping.yaml"));
        assertThatThrownBy(() -> Formats.parser("generic", options)
                .parseReport(List.of(Fixtures.source("fixtures/generic/positions.csv")), new CollectingSink()))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("fixtures/generic/positions.csv:1: header has no column");
    }
}
