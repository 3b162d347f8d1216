package dev.recon.core.config;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * One line of a channel's agreed fee schedule: for lines of {@code category} settled in
 * {@code currency} (null = any), the fee is {@code percentBps} of the gross in the settlement
 * currency (rounded half-up to its exponent) plus {@code fixedMajor}; a charged total fee further
 * than {@code toleranceMajor} from that is FEE_MISMATCH.
 */
public record FeeRule(
        RecordCategory category,
        Currency currency,
        BigDecimal percentBps,
        BigDecimal fixedMajor,
        BigDecimal toleranceMajor) {

    private static final BigDecimal BPS = BigDecimal.valueOf(10_000);

    public FeeRule {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(percentBps, "percentBps");
        Objects.requireNonNull(fixedMajor, "fixedMajor");
        Objects.requireNonNull(toleranceMajor, "toleranceMajor");
        if (percentBps.signum() < 0 || fixedMajor.signum() < 0 || toleranceMajor.signum() < 0) {
            throw new ConfigException("fee rule values must not be negative");
        }
    }

    public boolean appliesTo(RecordCategory lineCategory, Currency settlementCurrency) {
        return category == lineCategory && (currency == null || currency.equals(settlementCurrency));
    }

    /** Expected fee for a gross amount already expressed in the settlement currency. */
    public Money expectedFee(Money grossInSettlementCurrency) {
        Currency c = grossInSettlementCurrency.currency();
        BigDecimal gross = grossInSettlementCurrency.toMajor().abs();
        BigDecimal fee = gross.multiply(percentBps).divide(BPS, c.getDefaultFractionDigits(), RoundingMode.HALF_UP)
                .add(fixedMajor);
        return Money.ofRounded(fee, c);
    }

    public long toleranceMinor(Currency c) {
        int e = c.getDefaultFractionDigits();
        return toleranceMajor.setScale(e, RoundingMode.HALF_UP).movePointRight(e).longValueExact();
    }
}
