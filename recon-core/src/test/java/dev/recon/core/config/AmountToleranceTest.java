package dev.recon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.money.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmountToleranceTest {

    @ParameterizedTest(name = "{0} {1} -> {2} minor units")
    @CsvSource({
        "0.05, EUR, 5",
        "0.005, EUR, 1",   // half-up at the edge: half a cent allows one cent
        "0.0049, EUR, 0",
        "0.5, JPY, 1",
        "0.4, JPY, 0",
        "1, JPY, 1",
        "0.0005, BHD, 1",
        "0.001, BHD, 1",
        "0.0004, BHD, 0"})
    void absoluteToleranceIsRoundedHalfUpToTheCurrencyExponent(String major, String ccy, long minor) {
        AmountTolerance.Resolved r = AmountTolerance.absolute(major).resolve(Money.currency(ccy));
        assertThat(r.absoluteMinor()).isEqualTo(minor);
    }

    @Test
    void differenceExactlyAtTheToleranceMatchesAndOneMinorUnitMoreDoesNot() {
        AmountTolerance.Resolved eur = AmountTolerance.absolute("0.05").resolve(Money.currency("EUR"));
        assertThat(eur.allows(1000, 1005)).isTrue();
        assertThat(eur.allows(1000, 995)).isTrue();
        assertThat(eur.allows(1000, 1006)).isFalse();
        assertThat(eur.allows(1000, 994)).isFalse();
    }

    @Test
    void relativeToleranceUsesTheLargerAmountAndRoundsDown() {
        // 10 bps of 100.00 EUR = 0.10; of 100.09 = 0.100 09 -> 10 cents.
        AmountTolerance.Resolved t = new AmountTolerance(BigDecimal.ZERO, new BigDecimal("10")).resolve(Money.currency("EUR"));
        assertThat(t.allowedMinor(10_000, 10_009)).isEqualTo(10);
        assertThat(t.allows(10_000, 10_010)).isTrue();
        assertThat(t.allows(10_000, 10_011)).isFalse();
        // 10 bps of 999 cents is 0.999 cents: rounds down to nothing.
        assertThat(t.allowedMinor(999, 999)).isZero();
    }

    @Test
    void theLargerOfAbsoluteAndRelativeApplies() {
        AmountTolerance.Resolved t = new AmountTolerance(new BigDecimal("0.02"), new BigDecimal("10"))
                .resolve(Money.currency("EUR"));
        assertThat(t.allowedMinor(1000, 1000)).isEqualTo(2);      // relative 1 cent < absolute 2
        assertThat(t.allowedMinor(100_000, 100_000)).isEqualTo(100); // relative 1.00 > absolute 0.02
    }

    @Test
    void relativeToleranceOnHugeAmountsDoesNotOverflow() {
        AmountTolerance.Resolved t = new AmountTolerance(BigDecimal.ZERO, new BigDecimal("100")).resolve(Money.currency("EUR"));
        assertThat(t.allowedMinor(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2)).isEqualTo(Long.MAX_VALUE / 2 / 100);
    }

    @Test
    void invalidTolerancesAreRejectedWithTheValue() {
        assertThatThrownBy(() -> AmountTolerance.absolute("-0.01")).hasMessageContaining("-0.01");
        assertThatThrownBy(() -> new AmountTolerance(BigDecimal.ZERO, new BigDecimal("0.001")))
                .hasMessageContaining("2 decimal places");
        assertThatThrownBy(() -> new AmountTolerance(BigDecimal.ZERO, new BigDecimal("20000")))
                .hasMessageContaining("100%");
    }
}
