package dev.recon.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.parsers.canonical.CanonicalColumns;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParseCommandRunnerTest {

    @Test
    void autoDetectsWritesCanonicalAndQuarantineAndSummarises() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter quarantine = new StringWriter();
        ParseCommandRunner.Outcome outcome = ParseCommandRunner.run("auto",
                List.of(Fixtures.source("fixtures/adyen/settlement_detail_report_batch_1128.csv")), ParseOptions.defaults(),
                out, quarantine);
        assertThat(outcome.format()).isEqualTo("adyen");
        assertThat(outcome.exitStatus()).isZero();
        assertThat(outcome.summary()).isEqualTo("adyen: 1 file(s), 11 records, 2 quarantined, control totals OK (3 checks)");
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(12);
        assertThat(lines.get(0)).isEqualTo(String.join(",", CanonicalColumns.ALL));
        List<String> q = quarantine.toString().lines().toList();
        assertThat(q).hasSize(3);
        assertThat(q.get(0)).isEqualTo("file,line,field,reason,raw_line");
        assertThat(q.get(1)).startsWith("fixtures/adyen/settlement_detail_report_batch_1128.csv,10,Net Currency,");
    }

    @Test
    void mismatchedControlTotalsGiveExitStatusThree() throws Exception {
        ParseCommandRunner.Outcome outcome = ParseCommandRunner.run("mt940",
                List.of(Fixtures.source("samples/mt940/wolph_jejik_abnamro.sta")), ParseOptions.defaults(),
                new StringWriter(), null);
        assertThat(outcome.exitStatus()).isEqualTo(3);
        assertThat(outcome.summary()).startsWith("mt940: 1 file(s), 10 records, 0 quarantined, control totals FAILED (3 of 3 checks)")
                .contains("FAIL mt940 statement 19321/1 account 517852257: opening + entries = closing: expected 876.84 EUR, actual 2914.84 EUR");
    }

    @Test
    void canonicalOutputFeedsBackAsFormatCanonical() throws Exception {
        StringWriter out = new StringWriter();
        ParseCommandRunner.run("camt053", List.of(Fixtures.source("samples/camt053/genkgo_camt053.v2.multi.statement.xml")),
                ParseOptions.defaults(), out, null);
        StringWriter again = new StringWriter();
        ParseCommandRunner.Outcome back = ParseCommandRunner.run("auto",
                List.of(InputSource.of("parsed.csv", out.toString().getBytes(StandardCharsets.UTF_8))), ParseOptions.defaults(),
                again, null);
        assertThat(back.format()).isEqualTo("canonical");
        assertThat(back.result().records()).isEqualTo(2);
        assertThat(again.toString()).isEqualTo(out.toString());
    }

    @Test
    void unknownContentAndUnknownFormatAreTypedErrors() {
        assertThatThrownBy(() -> ParseCommandRunner.run("auto",
                List.of(InputSource.of("notes.txt", "hello world\n".getBytes(StandardCharsets.UTF_8))),
                ParseOptions.defaults(), new StringWriter(), null))
                .isInstanceOf(ParseException.class)
                .hasMessageStartingWith("notes.txt:1: cannot detect the format from the content");
        assertThatThrownBy(() -> ParseCommandRunner.run("swift", List.of(InputSource.of("x", new byte[0])),
                ParseOptions.defaults(), new StringWriter(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown format 'swift'; known formats: adyen, stripe");
    }
}
