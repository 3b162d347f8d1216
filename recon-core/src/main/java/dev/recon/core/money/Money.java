package dev.recon.core.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of one currency, held as a signed count of the currency's minor units
 * (cents for EUR, yen for JPY, fils for BHD). The exponent comes from ISO 4217 through
 * {@link Currency#getDefaultFractionDigits()}.
 *
 * <p>Assumptions: amounts fit in a long of minor units (about 92 quadrillion EUR); arithmetic
 * overflows throw instead of wrapping. There is deliberately no constructor from double.
 */
public record Money(long minorUnits, Currency currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public static Money ofMinor(long minorUnits, String currencyCode) {
        return new Money(minorUnits, currency(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(0L, currency);
    }

    /**
     * Parses a decimal string in major units ("12.50", "-3", "1000" for JPY). More fraction
     * digits than the currency has are accepted only when they are zeros ("12.500" EUR): a
     * settlement line that says 12.505 EUR is wrong, and silently rounding it would hide that.
     *
     * @throws IllegalArgumentException naming the value and the currency's exponent
     */
    public static Money parse(String decimal, Currency currency) {
        Objects.requireNonNull(currency, "currency");
        if (decimal == null || decimal.isBlank()) {
            throw new IllegalArgumentException("amount is empty");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(decimal.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount '" + decimal + "' is not a decimal number");
        }
        return of(value, currency);
    }

    public static Money parse(String decimal, String currencyCode) {
        return parse(decimal, currency(currencyCode));
    }

    /** Exact conversion of a major-unit decimal; fails if it has more precision than the currency. */
    public static Money of(BigDecimal major, Currency currency) {
        int exponent = exponent(currency);
        // More than 19 integer digits cannot fit a long in minor units. Refuse before setScale:
        // "1e999999999" would otherwise build a billion-digit number and stall the caller for minutes.
        if (major.signum() != 0 && major.precision() - major.scale() > 19) {
            throw new IllegalArgumentException("amount " + major + " is too large for " + currency.getCurrencyCode());
        }
        try {
            BigDecimal minor = major.setScale(exponent, RoundingMode.UNNECESSARY).movePointRight(exponent);
            return new Money(minor.longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount " + major.toPlainString() + " has more than "
                    + exponent + " decimal places for " + currency.getCurrencyCode() + " or is too large");
        }
    }

    /** Conversion that rounds half-even to the currency's exponent (for computed values such as FX). */
    public static Money ofRounded(BigDecimal major, Currency currency) {
        int exponent = exponent(currency);
        BigDecimal minor = major.setScale(exponent, RoundingMode.HALF_EVEN).movePointRight(exponent);
        return new Money(minor.longValueExact(), currency);
    }

    /**
     * Looks up an ISO 4217 code; rejects unknown codes and funds/metal codes without an exponent
     * (XAU, XXX), which cannot be a payment amount.
     */
    public static Currency currency(String code) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("currency is empty");
        }
        Currency c;
        try {
            c = Currency.getInstance(code.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency '" + code + "' is not an ISO 4217 code");
        }
        if (c.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("currency '" + code + "' has no minor unit (not a payment currency)");
        }
        return c;
    }

    public static int exponent(Currency currency) {
        return currency.getDefaultFractionDigits();
    }

    public int exponent() {
        return exponent(currency);
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    public BigDecimal toMajor() {
        return BigDecimal.valueOf(minorUnits, exponent());
    }

    /** Plain decimal in major units with exactly the currency's exponent: "12.50", "1000", "0.125". */
    public String toDecimalString() {
        int exponent = exponent();
        if (exponent == 0) {
            return Long.toString(minorUnits);
        }
        if (exponent < 0 || minorUnits == Long.MIN_VALUE) {
            return toMajor().toPlainString();
        }
        // Written from the digits: BigDecimal.toPlainString was most of writing a results.csv line.
        // Same text as toMajor().toPlainString() (MoneyTest compares them on random amounts).
        String digits = Long.toString(Math.abs(minorUnits));
        StringBuilder sb = new StringBuilder(digits.length() + exponent + 3);
        if (minorUnits < 0) {
            sb.append('-');
        }
        int whole = digits.length() - exponent;
        if (whole <= 0) {
            sb.append("0.");
            for (int k = whole; k < 0; k++) {
                sb.append('0');
            }
            sb.append(digits);
        } else {
            sb.append(digits, 0, whole).append('.').append(digits, whole, digits.length());
        }
        return sb.toString();
    }

    public boolean isZero() {
        return minorUnits == 0L;
    }

    public boolean isNegative() {
        return minorUnits < 0L;
    }

    public int signum() {
        return Long.signum(minorUnits);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    public Money negate() {
        return new Money(Math.negateExact(minorUnits), currency);
    }

    public Money abs() {
        return minorUnits < 0 ? negate() : this;
    }

    public boolean sameCurrency(Money other) {
        return currency.equals(other.currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency.getCurrencyCode() + " with "
                    + other.currency.getCurrencyCode());
        }
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(minorUnits, other.minorUnits);
    }

    /** "12.50 EUR": for humans and logs. */
    @Override
    public String toString() {
        return toDecimalString() + " " + currency.getCurrencyCode();
    }
}
