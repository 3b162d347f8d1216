package dev.recon.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public sample in src/test/resources/samples (copied from /work/shared/samples with
 * SOURCES.md): detected format, exact record count, exact number of control checks and which of
 * them fail. Several hand-made or anonymised samples do not balance; for those the test asserts that
 * the mismatch is reported (and the records still emitted).
 */
class SamplesTest {

    static Stream<Arguments> samples() {
        return Stream.of(
                // file, format, records, quarantined, checks, failed checks
                Arguments.of("mt940/qoomon_valid-mt940.txt", "mt940", 3, 0, 1, 1),
                Arguments.of("mt940/qoomon_valid-mt942.txt", "mt942", 3, 0, 2, 2),
                Arguments.of("mt940/wolph_ASNB_0708271685_09022020_164516.940.txt", "mt940", 8, 0, 31, 0),
                Arguments.of("mt940/wolph_betterplace_sepa_snippet.sta", "mt940", 11, 0, 2, 1),
                Arguments.of("mt940/wolph_jejik_abnamro.sta", "mt940", 10, 0, 3, 3),
                Arguments.of("mt940/wolph_jejik_ing.sta", "mt940", 7, 0, 1, 1),
                Arguments.of("mt940/wolph_mBank_mt940.sta", "mt940", 3, 0, 1, 0),
                Arguments.of("mt940/wolph_mBank_mt942.sta", "mt942", 3, 0, 2, 0),
                Arguments.of("mt940/wolph_self-provided_mt942.sta", "mt942", 1, 0, 1, 1),
                Arguments.of("camt053/genkgo_camt053.v2.multi.statement.xml", "camt053", 2, 0, 2, 0),
                // its single TxDtls states SEK 0 inside an EUR 8.85 entry: the record carries it, the check fails
                Arguments.of("camt053/genkgo_camt053.v8.xml", "camt053", 1, 0, 2, 2),
                Arguments.of("camt054/genkgo_camt054.v2.xml", "camt054", 1, 0, 0, 0),
                // batch booking: one record per TxDtls (3), NbOfTxs 2, TtlAmt 6.3 CHF vs 9.50 CHF, entry 200000 SEK
                Arguments.of("camt054/genkgo_camt054.v8.xml", "camt054", 3, 0, 3, 3),
                Arguments.of("bai2/moov_sample1.txt", "bai2", 17, 0, 10, 0),
                Arguments.of("bai2/moov_sample2.txt", "bai2", 4, 0, 25, 0),
                Arguments.of("bai2/moov_sample3.txt", "bai2", 26, 0, 36, 0),
                // Goldman-style issue-113 reproduction: its trailers do not match its content
                Arguments.of("bai2/moov_sample5-issue113.txt", "bai2", 20, 0, 16, 8),
                Arguments.of("nacha/moov_return-WEB.ach", "nacha", 2, 0, 14, 0),
                Arguments.of("nacha/moov_dishonored-return.ach", "nacha", 2, 0, 10, 0),
                Arguments.of("nacha/moov_cor-example.ach", "nacha", 1, 0, 10, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void parsesWithExactCountsAndControlTotals(String file, String format, int records, int quarantined, int checks,
            int failed) throws Exception {
        InputSource source = Fixtures.source("samples/" + file);
        assertThat(FormatDetector.detect(source, ParseOptions.defaults())).isEqualTo(format);
        CollectingSink sink = new CollectingSink();
        ParseResult result = Formats.parser(format, ParseOptions.defaults()).parseReport(List.of(source), sink);
        assertThat(result.records()).isEqualTo(records);
        assertThat(sink.records).hasSize(records);
        assertThat(result.quarantined()).isEqualTo(quarantined);
        assertThat(result.countsBalance()).isTrue();
        assertThat(result.checks()).hasSize(checks);
        assertThat(result.failedChecks()).hasSize(failed);
        assertThat(result.controlTotalsOk()).isEqualTo(failed == 0);
        assertThat(sink.records).allSatisfy(r -> {
            assertThat(r.net().currency()).isNotNull();
            assertThat(r.source().origin()).isEqualTo("samples/" + file);
            assertThat(r.source().line()).isPositive();
        });
    }
}
