package dev.recon.parsers.paypal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.CollectingSink;
import dev.recon.parsers.ControlCheck;
import dev.recon.parsers.Fixtures;
import dev.recon.parsers.FormatDetector;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayPalReportParserTest {

    private static final String PART1 = "fixtures/paypal/STL-20260106.01.009.CSV";
    private static final String PART2 = "fixtures/paypal/STL-20260106.02.009.CSV";

    @Test
    void splitSettlementReportReadAsOneWithSectionAndReportTotals() throws Exception {
        assertThat(FormatDetector.detect(Fixtures.source(PART1), ParseOptions.defaults())).isEqualTo("paypal-stl");
        CollectingSink sink = new CollectingSink();
        ParseResult r = new PayPalReportParser("paypal-stl", ParseOptions.defaults())
                .parseReport(List.of(Fixtures.source(PART1), Fixtures.source(PART2)), sink);
        assertThat(r.files()).hasSize(2);
        assertThat(r.records()).isEqualTo(6);
        assertThat(r.quarantined()).isZero();
        // sections: 2 x (4 sums + balance + SC) + part 2 (4 + 1 + 1); report: 2 x 4 sums + RC; 2 x FF
        assertThat(r.checks()).hasSize(12 + 6 + 8 + 1 + 2).allMatch(ControlCheck::ok);
        assertThat(r.checks()).extracting(ControlCheck::name)
                .contains("paypal section 1 USD: ending available = beginning + gross CR - gross DR + fee CR - fee DR",
                        "paypal report: RC row count");

        SettlementRecord payment = sink.records.get(0);
        assertThat(payment.category()).isEqualTo(RecordCategory.PAYMENT);
        assertThat(payment.channelRef()).isEqualTo("1AB11111CD2222221");
        assertThat(payment.merchantRef()).isEqualTo("pay-5001");
        assertThat(payment.gross()).isEqualTo(Money.ofMinor(1500, "USD"));
        assertThat(payment.net()).isEqualTo(Money.ofMinor(1426, "USD"));
        assertThat(payment.totalFees()).isEqualTo(Money.ofMinor(74, "USD"));
        assertThat(payment.eventTime()).isEqualTo(Instant.parse("2026-01-05T17:00:00Z"));
        assertThat(payment.bookingDate()).isEqualTo(LocalDate.of(2026, 1, 5));
        assertThat(sink.records.get(1).rawLine()).doesNotContain("5555555555554444");

        SettlementRecord refund = sink.records.get(2);
        assertThat(refund.category()).isEqualTo(RecordCategory.REFUND);
        assertThat(refund.channelRef()).isEqualTo("1AB11111CD2222221");
        assertThat(refund.modificationRef()).isEqualTo("9ZZ11111CD2222223");
        assertThat(refund.net()).isEqualTo(Money.ofMinor(-197, "USD")); // -2.00 and the 0.03 fee given back

        SettlementRecord withdrawal = sink.records.get(3);
        assertThat(withdrawal.category()).isEqualTo(RecordCategory.PAYOUT);
        assertThat(withdrawal.payoutBatch()).isEqualTo("BANKREF-77");
        assertThat(sink.records.get(4).net()).isEqualTo(Money.ofMinor(9600, "HKD"));
        assertThat(sink.records.get(5).category()).isEqualTo(RecordCategory.CHARGEBACK);
        assertThat(sink.records.get(5).source().origin()).isEqualTo(PART2);
    }

    @Test
    void editedSectionBalanceIsReported() throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult r = new PayPalReportParser("paypal-stl", ParseOptions.defaults())
                .parse(Fixtures.source("fixtures/paypal/STL-20260107.01.009-mismatch.CSV"), sink);
        assertThat(r.records()).isEqualTo(5);
        assertThat(r.failedChecks()).singleElement().isEqualTo(new ControlCheck(
                "paypal section 2 HKD: ending available = beginning + gross CR - gross DR + fee CR - fee DR",
                "97.00 HKD", "96.00 HKD", false));
    }

    @Test
    void unquotedTransactionDetailReportWithStatusAndBadAmount() throws Exception {
        String file = "fixtures/paypal/TRR-20260106.01.011.CSV";
        assertThat(FormatDetector.detect(Fixtures.source(file), ParseOptions.defaults())).isEqualTo("paypal-trr");
        CollectingSink sink = new CollectingSink();
        ParseResult r = new PayPalReportParser("paypal-trr", ParseOptions.defaults()).parse(Fixtures.source(file), sink);
        assertThat(r.rowsRead()).isEqualTo(3);
        assertThat(r.records()).isEqualTo(2);
        assertThat(sink.quarantined).singleElement().satisfies(q -> {
            assertThat(q.line()).isEqualTo(7);
            assertThat(q.field()).isEqualTo("gross transaction amount");
        });
        assertThat(sink.records.get(1).recordType()).isEqualTo("T0006 status P");
        assertThat(sink.records.get(0).net()).isEqualTo(Money.ofMinor(2494, "EUR"));
        // the quarantined row's 12.50 is missing from the sums: the footer says so
        assertThat(r.failedChecks()).extracting(ControlCheck::name).contains("paypal section 1 EUR: total gross CR");
    }
}
