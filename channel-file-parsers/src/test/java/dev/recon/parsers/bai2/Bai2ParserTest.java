package dev.recon.parsers.bai2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.CollectingSink;
import dev.recon.parsers.Fixtures;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class Bai2ParserTest {

    private final Bai2Parser parser = new Bai2Parser(ParseOptions.defaults());

    @Test
    void canadianSampleTypeCodesGiveDirectionAndCadCents() throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult r = parser.parse(Fixtures.source("samples/bai2/moov_sample1.txt"), sink);
        assertThat(r.controlTotalsOk()).isTrue();
        SettlementRecord returned = sink.records.get(0);
        assertThat(returned.recordType()).isEqualTo("BAI 409");
        assertThat(returned.net()).isEqualTo(Money.ofMinor(-2500, "CAD"));
        assertThat(returned.description()).isEqualTo("RETURNED CHEQUE");
        assertThat(returned.valueDate()).isEqualTo(LocalDate.of(2006, 3, 16));
        assertThat(returned.bookingDate()).isEqualTo(LocalDate.of(2006, 3, 17));
        assertThat(returned.merchantAccount()).isEqualTo("10200123456");
        assertThat(sink.records.get(3).net()).isEqualTo(Money.ofMinor(203500, "CAD"));
    }

    @Test
    void goldmanStyleKeyValueContinuationsFeedEndToEndReference() throws Exception {
        CollectingSink sink = new CollectingSink();
        parser.parse(Fixtures.source("samples/bai2/moov_sample5-issue113.txt"), sink);
        SettlementRecord first = sink.records.get(0);
        assertThat(first.net()).isEqualTo(Money.ofMinor(-60000, "USD"));
        assertThat(first.modificationRef()).isEqualTo("SPB2322984714570");
        assertThat(first.channelRef()).isEqualTo("1111");
        assertThat(first.merchantRef()).isEqualTo("1111");
        assertThat(first.description()).contains("ACH Credit Payment,Entry Description: EXP; -, SEC: CCD").contains("DBNM: TEST INC");
    }

    @Test
    void directionlessTypeCodeIsQuarantinedAndTrailerMismatchReported() throws Exception {
        String text = "01,A,B,260105,0800,1,,,2/\n02,B,A,1,260105,0800,USD,2/\n03,123,USD,010,+100,,/\n"
                + "16,175,1000,0,REF1,CUST1,DEPOSIT/\n16,901,500,0,REF2,,CUSTOM/\n49,1600,4/\n98,1600,1,6/\n99,1600,1,8/\n";
        CollectingSink sink = new CollectingSink();
        ParseResult r = parser.parse(InputSource.of("x.bai", text.getBytes(StandardCharsets.US_ASCII)), sink);
        assertThat(r.rowsRead()).isEqualTo(2);
        assertThat(r.records()).isEqualTo(1);
        assertThat(sink.quarantined).singleElement().satisfies(q -> {
            assertThat(q.line()).isEqualTo(5);
            assertThat(q.reason()).isEqualTo("type code 901 has no credit/debit direction in BAI2");
        });
        assertThat(r.controlTotalsOk()).isTrue(); // the 49 total includes the quarantined 16's amount as written
    }

    @Test
    void notBai2FailsWithLine() {
        assertThatThrownBy(() -> parser.parse(InputSource.of("y.txt", "hello\n".getBytes(StandardCharsets.US_ASCII)),
                new CollectingSink()))
                .isInstanceOf(ParseException.class).hasMessage("y.txt:1: not a BAI2 file: the first record is not a file header (01)");
    }
}
