package dev.recon.core.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * How far two amounts of one currency may differ and still match: an absolute tolerance in major
 * units of the currency and a relative tolerance in basis points; the larger of the two applies.
 *
 * <p>Rounding, stated once: the absolute tolerance is rounded half-up to the currency's exponent
 * (0.005 EUR allows 1 cent, 0.4 JPY allows nothing); the relative tolerance is taken of the larger
 * of the two absolute amounts and rounded down to whole minor units, so it never allows more than
 * it says. Both make the rule symmetric: swapping the two amounts never changes the decision.
 */
public record AmountTolerance(BigDecimal absoluteMajor, BigDecimal relativeBps) {

    private static final BigDecimal PPM_PER_BPS = BigDecimal.valueOf(100);
    public static final AmountTolerance EXACT = new AmountTolerance(BigDecimal.ZERO, BigDecimal.ZERO);

    public AmountTolerance {
        Objects.requireNonNull(absoluteMajor, "absoluteMajor");
        Objects.requireNonNull(relativeBps, "relativeBps");
        if (absoluteMajor.signum() < 0) {
            throw new ConfigException("absolute tolerance must not be negative, was " + absoluteMajor.toPlainString());
        }
        if (relativeBps.signum() < 0) {
            throw new ConfigException("relative tolerance must not be negative, was " + relativeBps.toPlainString());
        }
        if (relativeBps.compareTo(BigDecimal.valueOf(10_000)) > 0) {
            throw new ConfigException("relative tolerance above 10000 bps (100%) makes every amount match: "
                    + relativeBps.toPlainString());
        }
        if (relativeBps.multiply(PPM_PER_BPS).stripTrailingZeros().scale() > 0) {
            throw new ConfigException("relative tolerance has more than 2 decimal places of a basis point: "
                    + relativeBps.toPlainString());
        }
    }

    public static AmountTolerance absolute(String major) {
        return new AmountTolerance(new BigDecimal(major), BigDecimal.ZERO);
    }

    /** The tolerance for one currency, in minor units, ready for {@link #allows(long, long)}-style checks. */
    public Resolved resolve(Currency currency) {
        int exponent = currency.getDefaultFractionDigits();
        long absMinor = absoluteMajor.setScale(exponent, RoundingMode.HALF_UP).movePointRight(exponent).longValueExact();
        long ppm = relativeBps.multiply(PPM_PER_BPS).longValueExact();
        return new Resolved(currency, absMinor, ppm);
    }

    /** A tolerance bound to a currency: pure long arithmetic, shared by the object and columnar paths. */
    public record Resolved(Currency currency, long absoluteMinor, long relativePpm) {

        /** The largest difference in minor units allowed between these two amounts. */
        public long allowedMinor(long internalMinor, long channelMinor) {
            if (relativePpm == 0) {
                return absoluteMinor;
            }
            long base = Math.max(Math.abs(internalMinor), Math.abs(channelMinor));
            long relative;
            try {
                relative = Math.multiplyExact(base, relativePpm) / 1_000_000L;
            } catch (ArithmeticException overflow) {
                relative = BigDecimal.valueOf(base).multiply(BigDecimal.valueOf(relativePpm))
                        .divide(BigDecimal.valueOf(1_000_000L), 0, RoundingMode.DOWN).longValueExact();
            }
            return Math.max(absoluteMinor, relative);
        }

        public boolean allows(long internalMinor, long channelMinor) {
            long diff = Math.abs(Math.subtractExact(channelMinor, internalMinor));
            return diff <= allowedMinor(internalMinor, channelMinor);
        }
    }
}
