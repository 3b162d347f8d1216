package dev.recon.parsers.nacha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.CollectingSink;
import dev.recon.parsers.Fixtures;
import dev.recon.parsers.ParseOptions;
import org.junit.jupiter.api.Test;

class NachaReturnParserTest {

    @Test
    void returnsCarryReasonCodeOriginalTraceAndOriginatorSign() throws Exception {
        CollectingSink sink = new CollectingSink();
        new NachaReturnParser(ParseOptions.defaults()).parse(Fixtures.source("samples/nacha/moov_return-WEB.ach"), sink);
        SettlementRecord r01 = sink.records.get(0);
        assertThat(r01.category()).isEqualTo(RecordCategory.BANK_RETURN);
        assertThat(r01.recordType()).isEqualTo("R01");
        assertThat(r01.net()).isEqualTo(Money.ofMinor(-12354, "USD")); // code 26: a debit we collected comes back
        assertThat(r01.channelRef()).isEqualTo("091400600000001");
        assertThat(r01.modificationRef()).isEqualTo("091000017611242");
        assertThat(r01.payoutBatch()).isEqualTo("0000001");
        SettlementRecord r03 = sink.records.get(1);
        assertThat(r03.recordType()).isEqualTo("R03");
        assertThat(r03.net()).isEqualTo(Money.ofMinor(4565, "USD")); // code 21: our credit returned to us
    }

    @Test
    void notificationOfChangeCarriesCorrectedData() throws Exception {
        CollectingSink sink = new CollectingSink();
        new NachaReturnParser(ParseOptions.defaults()).parse(Fixtures.source("samples/nacha/moov_cor-example.ach"), sink);
        assertThat(sink.records).singleElement().satisfies(r -> {
            assertThat(r.recordType()).isEqualTo("C01");
            assertThat(r.net().isZero()).isTrue();
            assertThat(r.description()).contains("corrected data 1918171614");
        });
    }
}
