package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.QuarantinedRow;
import dev.recon.parsers.RecordSink;
import dev.recon.parsers.canonical.CanonicalCsvParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A staged settlement line reads back as the record the canonical settlement CSV's round trip
 * gives (the staging format before): the same decisions follow from either.
 */
class StagedSettlementLineTest {

    @Test
    void readsBackAsTheCanonicalRoundTripDoes() throws Exception {
        List<SettlementRecord> records = List.of(
                new SettlementRecord("adyen", "Settled", RecordCategory.PAYMENT, "PSP1", null, "pay-1", "Shop\tEU",
                        Money.ofMinor(12345, "EUR"), Money.ofMinor(12000, "EUR"),
                        List.of(new Fee(FeeKind.COMMISSION, Money.ofMinor(300, "EUR")),
                                new Fee(FeeKind.MARKUP, Money.ofMinor(45, "EUR"))),
                        null, LocalDate.of(2026, 1, 5), Instant.parse("2026-01-05T10:11:12.5Z"), null, "1128",
                        "multi\nline \\ text", SourceLocation.ofFile("/in/settlement 1.csv", 17), null),
                new SettlementRecord("adyen", "Refunded", RecordCategory.REFUND, "PSP2", "MOD2", "", "",
                        Money.ofMinor(-1000, "USD"), Money.ofMinor(-905, "EUR"), List.of(), new BigDecimal("0.90500"),
                        LocalDate.of(2026, 1, 5), null, LocalDate.of(2026, 1, 6), null, "", SourceLocation.ofFile("s.csv", 2),
                        null),
                new SettlementRecord("adyen", "MerchantPayout", RecordCategory.PAYOUT, null, null, null, null, null,
                        Money.ofMinor(-500000, "JPY"), List.of(), null, null, null, null, "1128", null,
                        SourceLocation.ofFile("s.csv", 3), null));
        CanonicalLineCodec canonical = new CanonicalLineCodec();
        StringBuilder text = new StringBuilder(CanonicalLineCodec.header());
        for (SettlementRecord r : records) {
            text.append(canonical.encode(r)).append('\n');
        }
        List<SettlementRecord> viaCanonical = new ArrayList<>();
        new CanonicalCsvParser(ParseOptions.defaults().withChannel("adyen")).parse(
                InputSource.of("staged", text.toString().getBytes(StandardCharsets.UTF_8)), new RecordSink() {
                    @Override
                    public void accept(SettlementRecord record) {
                        viaCanonical.add(record);
                    }

                    @Override
                    public void quarantine(QuarantinedRow row) {
                        throw new AssertionError(row.toString());
                    }
                });

        List<SettlementRecord> viaStaged = new ArrayList<>();
        for (SettlementRecord r : records) {
            StringBuilder line = new StringBuilder();
            StagedSettlementLine.append(line, r);
            assertThat(line.indexOf("\n")).isEqualTo(line.length() - 1);
            String l = line.substring(0, line.length() - 1);
            assertThat(StagedSettlementLine.category(l)).isEqualTo(r.category().name());
            viaStaged.add(StagedSettlementLine.decode(l, "adyen"));
        }

        assertThat(viaStaged).isEqualTo(viaCanonical);
        assertThat(viaStaged.get(1).merchantRef()).as("empty text reads back as null, as in the canonical CSV").isNull();
        assertThat(viaStaged.get(0).description()).isEqualTo("multi\nline \\ text");
    }
}
