package dev.recon.parsers.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.CollectingSink;
import dev.recon.parsers.ControlCheck;
import dev.recon.parsers.Fixtures;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class Mt940ParserTest {

    private final Mt940Parser parser = new Mt940Parser("mt940", ParseOptions.defaults());

    private ParseResult parse(String text, CollectingSink sink) throws Exception {
        return parser.parse(InputSource.of("stmt.sta", text.getBytes(StandardCharsets.ISO_8859_1)), sink);
    }

    @Test
    void abnAmroSampleReportsItsKnownImbalanceAndKeepsEveryEntry() throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult r = new Mt940Parser("mt940", ParseOptions.defaults())
                .parse(Fixtures.source("samples/mt940/wolph_jejik_abnamro.sta"), sink);
        // FORMATS.md: 3236,28 - 321,44 != 876,84 (anonymised export)
        assertThat(r.checks().get(0)).isEqualTo(new ControlCheck(
                "mt940 statement 19321/1 account 517852257: opening + entries = closing", "876.84 EUR", "2914.84 EUR", false));
        assertThat(r.checks().get(1).name()).contains(":60M: opening = previous page's closing");
        SettlementRecord first = sink.records.get(0);
        assertThat(first.net()).isEqualTo(Money.ofMinor(-900, "EUR"));
        assertThat(first.recordType()).isEqualTo("N192");
        assertThat(first.valueDate()).isEqualTo(LocalDate.of(2011, 5, 24));
        assertThat(first.description()).startsWith("GIRO   428428 KPN - DIGITENNE").contains("\nINCL. 1,44 BTW");
        assertThat(first.category()).isEqualTo(RecordCategory.BANK_ENTRY);
        assertThat(first.merchantAccount()).isEqualTo("517852257");
        assertThat(first.channel()).isEqualTo("bank");
    }

    @Test
    void betterplaceCrIsCreditWithFundsCodeAndGvcEndToEndIsExtracted() throws Exception {
        CollectingSink sink = new CollectingSink();
        new Mt940Parser("mt940", ParseOptions.defaults())
                .parse(Fixtures.source("samples/mt940/wolph_betterplace_sepa_snippet.sta"), sink);
        SettlementRecord first = sink.records.get(0);
        assertThat(first.net()).isEqualTo(Money.parse("50990.05", "EUR"));
        assertThat(first.merchantRef()).isEqualTo("EndToEndId TFNR 22 004 00001");
        assertThat(first.modificationRef()).isEqualTo("0724710333343453");
        assertThat(first.bookingDate()).isEqualTo(LocalDate.of(2007, 9, 4));
        assertThat(first.valueDate()).isEqualTo(LocalDate.of(2007, 9, 7));
    }

    @Test
    void balancedStatementWithReversalsPagingAndYearRollover() throws Exception {
        String text = ":20:STMT1\n:25:NL91ABNA0417164300\n:28C:7/1\n:60F:C251231EUR100,00\n"
                + ":61:2512310102C50,NTRFPO-1128//B1\n:86:/EREF/po_1128/REMI/Adyen payout batch 1128/\n"
                + ":61:251231RC10,5NMSCNONREF\n:86:reversal of a credit\n"
                + ":61:251231RD0,50NMSCNONREF\n"
                + ":62M:C251231EUR140,00\n-\n"
                + ":20:STMT1\n:25:NL91ABNA0417164300\n:28C:7/2\n:60M:C251231EUR140,00\n"
                + ":61:2512311231D40,NTRFNONREF\n:62F:C251231EUR100,00\n-\n";
        CollectingSink sink = new CollectingSink();
        ParseResult r = parse(text, sink);
        assertThat(r.records()).isEqualTo(4);
        assertThat(r.checks()).hasSize(3).allMatch(ControlCheck::ok);
        assertThat(sink.records).extracting(x -> x.net().toDecimalString())
                .containsExactly("50.00", "-10.50", "0.50", "-40.00");
        assertThat(sink.records.get(0).bookingDate()).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(sink.records.get(0).channelRef()).isEqualTo("PO-1128");
        assertThat(sink.records.get(0).merchantRef()).isEqualTo("po_1128");
    }

    @Test
    void badEntryIsQuarantinedAndTheBalanceMismatchIsReported() throws Exception {
        String text = ":20:S\n:25:ACC\n:28C:1\n:60F:C250101EUR0,00\n:61:2501X1C5,00NTRFNONREF\n"
                + ":61:250101C5,00NTRFNONREF\n:62F:C250101EUR10,00\n-\n";
        CollectingSink sink = new CollectingSink();
        ParseResult r = parse(text, sink);
        assertThat(r.rowsRead()).isEqualTo(2);
        assertThat(r.records()).isEqualTo(1);
        assertThat(sink.quarantined).singleElement().satisfies(q -> {
            assertThat(q.line()).isEqualTo(5);
            assertThat(q.field()).isEqualTo("61");
            assertThat(q.rawLine()).startsWith(":61:2501X1");
        });
        assertThat(r.failedChecks()).singleElement().satisfies(c -> assertThat(c.actual()).isEqualTo("5.00 EUR"));
    }

    @Test
    void statementWithoutClosingBalanceFailsItsCheck() throws Exception {
        CollectingSink sink = new CollectingSink();
        ParseResult r = parse(":20:S\n:25:A\n:60F:C250101EUR0,00\n:61:250101C5,00NTRFNONREF\n-\n", sink);
        assertThat(r.records()).isEqualTo(1);
        assertThat(r.failedChecks()).singleElement().satisfies(c -> assertThat(c.name()).contains("closing balance"));
    }

    @Test
    void textThatIsNotSwiftFailsWithFileAndLine() {
        assertThatThrownBy(() -> parse("hello\nworld\n", new CollectingSink()))
                .isInstanceOf(ParseException.class)
                .hasMessage("stmt.sta:1: not a SWIFT MT940 file: no :NN: tags found");
    }
}
