package dev.recon.parsers.adyen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.CollectingSink;
import dev.recon.parsers.ControlCheck;
import dev.recon.parsers.Fixtures;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdyenSettlementParserTest {

    private static final String BATCH_1128 = "fixtures/adyen/settlement_detail_report_batch_1128.csv";
    private final AdyenSettlementParser parser = new AdyenSettlementParser(ParseOptions.defaults());

    @Test
    void classicLayoutMultiCurrencyWithRefundChargebackFeeAndPayouts() throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult result = parser.parse(Fixtures.source(BATCH_1128), sink);

        assertThat(result.rowsRead()).isEqualTo(13);
        assertThat(result.records()).isEqualTo(11);
        assertThat(result.quarantined()).isEqualTo(2);
        assertThat(result.countsBalance()).isTrue();
        assertThat(sink.records).hasSize(11);
        assertThat(result.checks()).extracting(ControlCheck::name, ControlCheck::expected, ControlCheck::ok)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("adyen batch 1128 USD: net of rows = MerchantPayout", "53.09 USD", true),
                        org.assertj.core.groups.Tuple.tuple("adyen batch 1128 CAD: net of rows = MerchantPayout", "9.54 CAD", true),
                        org.assertj.core.groups.Tuple.tuple("adyen batch 1128 JPY: net of rows = MerchantPayout", "1455 JPY", true));

        // EUR 20.00 x 1.0850 = USD 21.70 - 0.42 fees = 21.28: every Settled row ties
        assertThat(result.notes()).isEmpty();

        SettlementRecord settled = sink.records.get(0);
        assertThat(settled.category()).isEqualTo(RecordCategory.PAYMENT);
        assertThat(settled.channel()).isEqualTo("adyen");
        assertThat(settled.channelRef()).isEqualTo("8815000000000001");
        assertThat(settled.merchantRef()).isEqualTo("pay-1001");
        assertThat(settled.gross()).isEqualTo(Money.ofMinor(5000, "USD"));
        assertThat(settled.net()).isEqualTo(Money.ofMinor(4855, "USD"));
        assertThat(settled.fees()).containsExactly(new Fee(FeeKind.COMMISSION, Money.ofMinor(12, "USD")),
                new Fee(FeeKind.MARKUP, Money.ofMinor(50, "USD")), new Fee(FeeKind.SCHEME, Money.ofMinor(13, "USD")),
                new Fee(FeeKind.INTERCHANGE, Money.ofMinor(70, "USD")));
        assertThat(settled.fxRate()).isNull();
        assertThat(settled.payoutBatch()).isEqualTo("1128");
        assertThat(settled.bookingDate()).isEqualTo(LocalDate.of(2026, 1, 5));
        assertThat(settled.eventTime()).isEqualTo(Instant.parse("2026-01-05T10:15:00Z"));
        assertThat(settled.source().toString()).isEqualTo(BATCH_1128 + ":2");

        SettlementRecord fx = sink.records.get(1);
        assertThat(fx.gross()).isEqualTo(Money.ofMinor(2000, "EUR"));
        assertThat(fx.net()).isEqualTo(Money.ofMinor(2128, "USD"));
        assertThat(fx.fxRate()).isEqualByComparingTo(new BigDecimal("1.0850"));

        SettlementRecord refund = sink.records.get(2);
        assertThat(refund.category()).isEqualTo(RecordCategory.REFUND);
        assertThat(refund.channelRef()).isEqualTo("8815000000000001");
        assertThat(refund.modificationRef()).isEqualTo("8825000000000003");
        assertThat(refund.gross()).isEqualTo(Money.ofMinor(-1000, "USD"));
        assertThat(refund.direction()).isEqualTo(SettlementRecord.Direction.DEBIT);

        SettlementRecord chargeback = sink.records.get(3);
        assertThat(chargeback.category()).isEqualTo(RecordCategory.CHARGEBACK);
        assertThat(chargeback.net()).isEqualTo(Money.ofMinor(-600, "USD"));
        assertThat(chargeback.totalFees()).isEqualTo(Money.ofMinor(100, "USD"));

        SettlementRecord fee = sink.records.get(4);
        assertThat(fee.category()).isEqualTo(RecordCategory.FEE);
        assertThat(fee.channelRef()).isNull(); // "" in the file is blank, not an empty reference
        assertThat(fee.gross()).isNull();
        assertThat(fee.net()).isEqualTo(Money.ofMinor(-74, "USD")); // ".74"

        assertThat(sink.records.get(6).net()).isEqualTo(Money.ofMinor(1455, "JPY"));
        SettlementRecord unknown = sink.records.get(7);
        assertThat(unknown.recordType()).isEqualTo("NewFancyType");
        assertThat(unknown.category()).isEqualTo(RecordCategory.OTHER);
        assertThat(unknown.rawLine()).contains("4111 11** **** 1111").doesNotContain("4111 1111 1111 1111");

        SettlementRecord payout = sink.records.get(8);
        assertThat(payout.category()).isEqualTo(RecordCategory.PAYOUT);
        assertThat(payout.modificationRef()).isEqualTo("TX53913667600XT batch 1128, AcmeShopUS");
        assertThat(payout.net()).isEqualTo(Money.ofMinor(-5309, "USD"));

        assertThat(sink.quarantined).extracting(q -> q.line(), q -> q.field())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10L, "Net Currency"),
                        org.assertj.core.groups.Tuple.tuple(11L, "Gross Credit (GC)"));
        assertThat(sink.quarantined.get(0).reason()).contains("XYZ");
        assertThat(sink.quarantined.get(1).reason()).contains("7.005").contains("2 decimal places");
        assertThat(sink.quarantined.get(1).toCsvCells().get(4)).startsWith("AcmeCorp");
    }

    @Test
    void mismatchedPayoutIsReportedAndNoRowIsDropped() throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult result = parser.parse(Fixtures.source("fixtures/adyen/settlement_detail_report_batch_1128_mismatch.csv"), sink);
        assertThat(result.records()).isEqualTo(11);
        assertThat(result.controlTotalsOk()).isFalse();
        assertThat(result.failedChecks()).singleElement().satisfies(c -> {
            assertThat(c.name()).contains("1128 USD");
            assertThat(c.expected()).isEqualTo("53.00 USD");
            assertThat(c.actual()).isEqualTo("53.09 USD");
        });
    }

    @Test
    void layout2026WithBomCrlfMetadataAndSecondAccountReadAsOneReport() throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult result = parser.parseReport(List.of(Fixtures.source(BATCH_1128),
                Fixtures.source("fixtures/adyen/settlement_detail_report_batch_77.csv"),
                Fixtures.source("fixtures/adyen/settlement_detail_report_batch_78_empty.csv")), sink);
        assertThat(result.files()).hasSize(3);
        assertThat(result.records()).isEqualTo(15);
        assertThat(result.quarantined()).isEqualTo(2);
        assertThat(result.checks()).hasSize(4).allMatch(ControlCheck::ok);
        SettlementRecord eu = sink.records.get(11);
        assertThat(eu.merchantAccount()).isEqualTo("AcmeShopEU");
        assertThat(eu.fees()).containsExactly(new Fee(FeeKind.COMMISSION, Money.ofMinor(29, "EUR")),
                new Fee(FeeKind.PROCESSING, Money.ofMinor(21, "EUR")));
        assertThat(eu.rawLine()).contains("orderId");
        assertThat(sink.records.get(12).category()).isEqualTo(RecordCategory.CHARGEBACK);
        assertThat(sink.records.get(13).category()).isEqualTo(RecordCategory.CHARGEBACK_REVERSAL);
    }

    @Test
    void configuredZoneTurnsLocalCreationDateIntoInstant() throws Exception {
        CollectingSink sink = new CollectingSink();
        new AdyenSettlementParser(ParseOptions.defaults().withZone(ZoneId.of("America/Los_Angeles")))
                .parse(Fixtures.source(BATCH_1128), sink);
        assertThat(sink.records.get(0).eventTime()).isEqualTo(Instant.parse("2026-01-05T18:15:00Z"));
        assertThat(sink.records.get(0).bookingDate()).isEqualTo(LocalDate.of(2026, 1, 5));
    }

    @Test
    void fileWithoutAdyenHeaderFailsWithFileAndLine() {
        InputSource notAdyen = InputSource.of("payouts.csv", "id,amount\n1,2.00\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> parser.parse(notAdyen, new CollectingSink()))
                .isInstanceOf(ParseException.class)
                .hasMessage("payouts.csv:1: not an Adyen settlement details report: header has no 'type' column");
    }

    @Test
    void raggedRowIsQuarantinedNotThrown() throws Exception {
        String csv = "Psp Reference,Type,Net Currency,Net Credit (NC)\nA,Settled,EUR,1.00\nB,Settled,EUR\n";
        CollectingSink sink = new CollectingSink();
        ParseResult r = parser.parse(InputSource.of("r.csv", csv.getBytes(StandardCharsets.UTF_8)), sink);
        assertThat(r.records()).isEqualTo(1);
        assertThat(sink.quarantined).singleElement().satisfies(q -> {
            assertThat(q.line()).isEqualTo(3);
            assertThat(q.field()).isEqualTo("row");
            assertThat(q.reason()).isEqualTo("row has 3 fields, header has 4");
        });
        assertThat(r.notes()).singleElement().asString().contains("no MerchantPayout");
    }

    @Test
    void settledRowWhoseFeesDoNotExplainTheNetIsNotedNotQuarantined() throws Exception {
        String csv = "Psp Reference,Type,Gross Currency,Gross Credit (GC),Net Currency,Net Credit (NC),Commission (NC)\n"
                + "A,Settled,EUR,10.00,EUR,9.50,0.10\nB,Settled,EUR,10.00,EUR,9.90,0.10\n";
        CollectingSink sink = new CollectingSink();
        ParseResult r = parser.parse(InputSource.of("f.csv", csv.getBytes(StandardCharsets.UTF_8)), sink);
        assertThat(r.records()).isEqualTo(2);
        assertThat(r.notes()).contains("adyen: 1 of 2 Settled rows where net != gross x rate - fees beyond 0.01"
                + " (first at line 2); reported only: blended-pricing accounts do not break all fees down");
    }

    @Test
    void iso88591FileDecodesWhenConfigured() throws Exception {
        String csv = "Psp Reference,Type,Net Currency,Net Credit (NC),Merchant Reference\nA,Settled,EUR,1.00,Café Zoë\n";
        CollectingSink sink = new CollectingSink();
        new AdyenSettlementParser(ParseOptions.defaults().withCharset(StandardCharsets.ISO_8859_1))
                .parse(InputSource.of("latin1.csv", csv.getBytes(StandardCharsets.ISO_8859_1)), sink);
        assertThat(sink.records.get(0).merchantRef()).isEqualTo("Café Zoë");
    }
}
