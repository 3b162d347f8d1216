package dev.recon.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MoneyTest {

    static java.util.stream.LongStream amounts() {
        return dev.recon.core.testing.RandomCases.seeds(2000);
    }

    /** toDecimalString writes the digits itself; it must read exactly as BigDecimal's plain string. */
    @ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.MethodSource("amounts")
    void decimalStringEqualsBigDecimalsPlainString(long seed) {
        dev.recon.core.testing.RandomCases.check(seed, random -> {
            long minor = switch (random.intBetween(0, 3)) {
                case 0 -> random.longBetween(-1000, 1000);
                case 1 -> random.oneOf(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 0L, -1L, 1L);
                default -> random.anyLong();
            };
            for (String ccy : new String[] {"JPY", "EUR", "BHD", "CLF"}) {
                Money m = new Money(minor, Money.currency(ccy));
                assertThat(m.toDecimalString()).as("%d %s", minor, ccy).isEqualTo(m.toMajor().toPlainString());
            }
        });
    }

    @ParameterizedTest(name = "{0} {1} = {2} minor units, printed {3}")
    @CsvSource({
        "1000, JPY, 1000, 1000",
        "12.5, EUR, 1250, 12.50",
        "12.500, EUR, 1250, 12.50",
        "0.125, BHD, 125, 0.125",
        "-3, EUR, -300, -3.00"})
    void parsesExactlyWithTheCurrencyExponent(String text, String ccy, long minor, String printed) {
        Money m = Money.parse(text, ccy);
        assertThat(m.minorUnits()).isEqualTo(minor);
        assertThat(m.toDecimalString()).isEqualTo(printed);
    }

    @Test
    void moreDecimalsThanTheCurrencyHasAreRejectedNotRounded() {
        assertThatThrownBy(() -> Money.parse("12.505", "EUR")).hasMessageContaining("2 decimal places");
        assertThatThrownBy(() -> Money.parse("1000.5", "JPY")).hasMessageContaining("0 decimal places");
        assertThatThrownBy(() -> Money.parse("1.0005", "BHD")).hasMessageContaining("3 decimal places");
    }

    @Test
    void computedValuesRoundHalfEven() {
        assertThat(Money.ofRounded(new BigDecimal("10.125"), Money.currency("EUR")).minorUnits()).isEqualTo(1012);
        assertThat(Money.ofRounded(new BigDecimal("10.135"), Money.currency("EUR")).minorUnits()).isEqualTo(1014);
        assertThat(Money.ofRounded(new BigDecimal("0.5"), Money.currency("JPY")).minorUnits()).isZero();
    }

    @Test
    void currenciesDoNotMix() {
        assertThatThrownBy(() -> Money.parse("1", "EUR").plus(Money.parse("1", "USD"))).hasMessageContaining("EUR");
        assertThatThrownBy(() -> Money.currency("XAU")).hasMessageContaining("no minor unit");
        assertThatThrownBy(() -> Money.currency("EURO")).hasMessageContaining("ISO 4217");
    }

    @org.junit.jupiter.api.Test
    void aHugeExponentIsRefusedAsTooLargeWithoutExpandingIt() {
        // Guards against a hang: expanding 1e999999999 to minor units would take minutes.
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Money.parse("1e999999999", "EUR"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Money.parse("-2E+25", "JPY"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        });
        // The largest amounts that fit still parse exactly.
        org.assertj.core.api.Assertions.assertThat(Money.parse("92233720368547758.07", "EUR").minorUnits())
                .isEqualTo(Long.MAX_VALUE);
        org.assertj.core.api.Assertions.assertThat(Money.parse("9223372036854775807", "JPY").minorUnits())
                .isEqualTo(Long.MAX_VALUE);
    }
}
