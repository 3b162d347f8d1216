package dev.recon.parsers.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.parsers.CollectingSink;
import dev.recon.parsers.Fixtures;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import dev.recon.parsers.adyen.AdyenSettlementParser;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalRoundTripTest {

    static List<SettlementRecord> roundTrip(List<SettlementRecord> records) throws Exception {
        StringWriter out = new StringWriter();
        try (CanonicalCsvWriter writer = new CanonicalCsvWriter(out)) {
            records.forEach(writer::write);
        }
        CollectingSink back = new CollectingSink();
        ParseResult r = new CanonicalCsvParser(ParseOptions.defaults())
                .parse(InputSource.of("out.csv", out.toString().getBytes(StandardCharsets.UTF_8)), back);
        assertThat(r.quarantined()).isZero();
        assertThat(r.records()).isEqualTo(records.size());
        return back.records;
    }

    @Test
    void adyenRecordsSurviveWriteAndReadExactly() throws Exception {
        CollectingSink sink = new CollectingSink();
        new AdyenSettlementParser(ParseOptions.defaults()).parseReport(List.of(
                Fixtures.source("fixtures/adyen/settlement_detail_report_batch_1128.csv"),
                Fixtures.source("fixtures/adyen/settlement_detail_report_batch_77.csv")), sink);
        assertThat(sink.records).hasSize(15);
        assertThat(roundTrip(sink.records)).isEqualTo(sink.records);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
            "mt940, samples/mt940/wolph_betterplace_sepa_snippet.sta",
            "mt940, samples/mt940/wolph_ASNB_0708271685_09022020_164516.940.txt",
            "mt942, samples/mt940/wolph_mBank_mt942.sta",
            "camt053, samples/camt053/genkgo_camt053.v8.xml",
            "camt054, samples/camt054/genkgo_camt054.v8.xml",
            "bai2, samples/bai2/moov_sample5-issue113.txt",
            "nacha, samples/nacha/moov_return-WEB.ach",
            "stripe, fixtures/stripe/payout_reconciliation_itemized_5.csv",
            "paypal-trr, fixtures/paypal/TRR-20260106.01.011.CSV"})
    void everyFormatsRecordsSurviveWriteAndReadExactly(String format, String file) throws Exception {
        CollectingSink sink = new CollectingSink();
        dev.recon.parsers.Formats.parser(format, ParseOptions.defaults()).parseReport(List.of(Fixtures.source(file)), sink);
        assertThat(sink.records).isNotEmpty();
        assertThat(roundTrip(sink.records)).isEqualTo(sink.records);
    }

    @Test
    void awkwardTextAndEveryFieldSurvive() throws Exception {
        SettlementRecord r = new SettlementRecord("bank-x", "=SUM(A1)", RecordCategory.BANK_ENTRY, " lead space",
                "a,b\"c", "multi\nline\r\ntext", "-acct", Money.ofMinor(-123456, "JPY"), Money.ofMinor(-999, "USD"),
                List.of(new Fee(FeeKind.FX, Money.ofMinor(3, "USD")), new Fee(FeeKind.FX, Money.ofMinor(4, "USD")),
                        new Fee(FeeKind.OTHER, Money.ofMinor(-1, "USD"))),
                new BigDecimal("0.00812000"), LocalDate.of(2026, 2, 28), Instant.parse("2026-02-28T23:59:59.123Z"),
                LocalDate.of(2026, 3, 1), "b|1", "@desc", SourceLocation.ofFile("in/x.sta", 42), "+raw");
        SettlementRecord bare = new SettlementRecord(null, "T", RecordCategory.OTHER, null, null, null, null, null,
                Money.ofMinor(0, "BHD"), List.of(), null, null, null, null, null, null,
                SourceLocation.ofFile("f", 1), null);
        assertThat(roundTrip(List.of(r, bare))).containsExactly(r, bare);
    }

    @Test
    void writerKeepsFormulaLikeTextUnneutralised() throws Exception {
        StringWriter out = new StringWriter();
        CanonicalCsvWriter writer = new CanonicalCsvWriter(out);
        writer.write(new SettlementRecord("c", "=1+1", RecordCategory.OTHER, null, null, null, null, null,
                Money.ofMinor(1, "EUR"), List.of(), null, null, null, null, null, null, SourceLocation.ofFile("f", 1), null));
        writer.flush();
        assertThat(out.toString().lines().skip(1).findFirst().orElseThrow()).isEqualTo("f,1,c,=1+1,OTHER,,,,,,,0.01,EUR,,,,,,,,,");
    }

    @Test
    void badRowsAreQuarantinedWithField() throws Exception {
        String csv = "record_type,category,net,net_currency,fees\n"
                + "Settled,PAYMENT,1.00,EUR,\n"
                + "Settled,NOPE,1.00,EUR,\n"
                + "Settled,PAYMENT,1.001,EUR,\n"
                + "Settled,PAYMENT,1.00,EUR,COMMISSION=1\n";
        CollectingSink sink = new CollectingSink();
        ParseResult r = new CanonicalCsvParser(ParseOptions.defaults().withChannel("upstream"))
                .parse(InputSource.of("c.csv", csv.getBytes(StandardCharsets.UTF_8)), sink);
        assertThat(r.rowsRead()).isEqualTo(4);
        assertThat(sink.records).singleElement().satisfies(rec -> {
            assertThat(rec.channel()).isEqualTo("upstream");
            assertThat(rec.source()).isEqualTo(SourceLocation.ofFile("c.csv", 2));
        });
        assertThat(sink.quarantined).extracting(q -> q.line() + " " + q.field())
                .containsExactly("3 category", "4 net", "5 fees");
    }
}
