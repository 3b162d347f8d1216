package dev.recon.sink.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.sink.SampleResults;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReconResultRowTest {

    private static ReconResultRow row(String status, String breakType, String currency) {
        return new ReconResultRow("r1", 1, false, "BATCH", "adyen", LocalDate.of(2026, 11, 20), status, breakType,
                "PAYMENT", "m", "p", "t", "c", "SUCCEEDED", "Settled", currency, 100L, 100L, 0L, null, null, null, null,
                null, null, null, 0, null, null, null, null, null, Instant.EPOCH, null, null);
    }

    @Test
    void anUnknownStatusOrCurrencyIsRefusedNamingTheResult() {
        assertThatThrownBy(() -> row("OK", null, "EUR")).hasMessageContaining("r1").hasMessageContaining("OK");
        assertThatThrownBy(() -> row("MATCHED", null, "EURO")).hasMessageContaining("r1").hasMessageContaining("EURO");
        assertThatThrownBy(() -> row("MATCHED", null, "XAU")).hasMessageContaining("no minor unit");
    }

    @Test
    void aBreakTypeOnlyBelongsToABreak() {
        assertThatThrownBy(() -> row("MATCHED", "AMOUNT_MISMATCH", "EUR")).hasMessageContaining("break_type");
        assertThat(row("BREAK", "AMOUNT_MISMATCH", "EUR").breakType()).isEqualTo("AMOUNT_MISMATCH");
    }

    @Test
    void missingTextBecomesEmptyAndTheSettlementCurrencyDefaultsToTheTransactions() {
        ReconResultRow r = row("MATCHED", null, "JPY");
        assertThat(r.breakType()).isEmpty();
        assertThat(r.detail()).isEmpty();
        assertThat(r.settlementCurrency()).isEqualTo("JPY");
        assertThat(r.currencyExponent()).isZero();
    }

    @Test
    void supersedingKeepsTheIdentityAndRaisesTheVersion() {
        ReconResultRow r = SampleResults.row("adyen", LocalDate.of(2026, 11, 20), 3, 4);
        ReconResultRow gone = r.supersededAt(5);
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.version()).isEqualTo(5);
        assertThat(gone.reconId()).isEqualTo(r.reconId());
        assertThat(gone.businessDate()).isEqualTo(r.businessDate());
    }

    @Test
    void aCoreResultMapsToMinorUnitsWithTheSettlementCurrencyOfItsNet() {
        var eur = dev.recon.core.money.Money.currency("EUR");
        var usd = dev.recon.core.money.Money.currency("USD");
        var result = new dev.recon.core.result.ReconResult("r9", 7, dev.recon.core.result.ReconMode.BATCH, "adyen",
                LocalDate.of(2026, 11, 20), dev.recon.core.result.ResultStatus.BREAK,
                dev.recon.core.result.BreakType.AMOUNT_MISMATCH, "PAYMENT", "m1", "p1", "t1", "PSP1", "SUCCEEDED",
                "Settled", new dev.recon.core.money.Money(1250, eur), new dev.recon.core.money.Money(1200, eur), "EUR",
                new dev.recon.core.money.Money(-50, eur), new dev.recon.core.money.Money(1200, eur),
                new dev.recon.core.money.Money(30, usd), new dev.recon.core.money.Money(1290, usd),
                new java.math.BigDecimal("1.1000"), "B1", "g1", 2, "channel_ref", "amount differs", "f.csv:3", "cfg1",
                "", LocalDate.of(2026, 11, 18), 1, true);
        ReconResultRow row = ReconResultRow.from(result, Instant.parse("2026-11-20T00:00:00Z"), 42);
        assertThat(row.reconId()).isEqualTo("r9");
        assertThat(row.version()).isEqualTo(7);
        assertThat(row.deleted()).isFalse();
        assertThat(row.status()).isEqualTo("BREAK");
        assertThat(row.breakType()).isEqualTo("AMOUNT_MISMATCH");
        assertThat(row.currency()).isEqualTo("EUR");
        assertThat(row.internalAmountMinor()).isEqualTo(1250L);
        assertThat(row.differenceMinor()).isEqualTo(-50L);
        assertThat(row.settlementCurrency()).isEqualTo("USD");
        assertThat(row.netMinor()).isEqualTo(1290L);
        assertThat(row.fxRate()).isEqualByComparingTo("1.1");
        assertThat(row.fraudScore()).isEqualTo(42);
        assertThat(row.expectedDate()).isEqualTo(LocalDate.of(2026, 11, 18));
    }
}
