package dev.recon.parsers.stripe;

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
import org.junit.jupiter.api.Test;

class StripePayoutParserTest {

    private static final String FILE = "fixtures/stripe/payout_reconciliation_itemized_5.csv";

    @Test
    void itemizedPayoutReportWithRefundDisputeFeeAndPayout() throws Exception {
        assertThat(FormatDetector.detect(Fixtures.source(FILE), ParseOptions.defaults())).isEqualTo("stripe");
        CollectingSink sink = new CollectingSink();
        ParseResult r = new StripePayoutParser(ParseOptions.defaults()).parse(Fixtures.source(FILE), sink);
        assertThat(r.rowsRead()).isEqualTo(8);
        assertThat(r.records()).isEqualTo(7);
        assertThat(r.quarantined()).isEqualTo(1);
        assertThat(sink.quarantined.get(0).line()).isEqualTo(7);
        assertThat(sink.quarantined.get(0).field()).isEqualTo("net");
        assertThat(r.checks()).containsExactly(new ControlCheck("stripe payout po_1B JPY: net of rows = payout", "964 JPY",
                "964 JPY", true));
        assertThat(r.notes()).containsExactly("stripe payout po_1A USD: net of rows 78.05 USD (compare with the bank credit)");

        SettlementRecord charge = sink.records.get(0);
        assertThat(charge.category()).isEqualTo(RecordCategory.PAYMENT);
        assertThat(charge.channelRef()).isEqualTo("ch_001");
        assertThat(charge.merchantRef()).isEqualTo("pay-1001");
        assertThat(charge.gross()).isEqualTo(Money.ofMinor(10000, "USD"));
        assertThat(charge.net()).isEqualTo(Money.ofMinor(9680, "USD"));
        assertThat(charge.totalFees()).isEqualTo(Money.ofMinor(320, "USD"));
        assertThat(charge.eventTime()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
        assertThat(charge.valueDate()).isEqualTo(LocalDate.of(2026, 1, 7));
        assertThat(charge.payoutBatch()).isEqualTo("po_1A");

        SettlementRecord refund = sink.records.get(2);
        assertThat(refund.category()).isEqualTo(RecordCategory.REFUND);
        assertThat(refund.channelRef()).isEqualTo("ch_001");
        assertThat(refund.modificationRef()).isEqualTo("re_003");
        assertThat(refund.net()).isEqualTo(Money.ofMinor(-2000, "USD"));

        SettlementRecord dispute = sink.records.get(3);
        assertThat(dispute.category()).isEqualTo(RecordCategory.CHARGEBACK);
        assertThat(dispute.net()).isEqualTo(Money.ofMinor(-4500, "USD"));
        assertThat(dispute.description()).isEqualTo("Dispute card 424242******4242".replace("424242******4242", "4242 42** **** 4242"));
        assertThat(dispute.rawLine()).doesNotContain("4242 4242 4242 4242");

        assertThat(sink.records.get(4).category()).isEqualTo(RecordCategory.FEE);
        assertThat(sink.records.get(5).net()).isEqualTo(Money.ofMinor(964, "JPY"));
        assertThat(sink.records.get(6).category()).isEqualTo(RecordCategory.PAYOUT);
    }
}
