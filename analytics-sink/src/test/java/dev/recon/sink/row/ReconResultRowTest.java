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
}
