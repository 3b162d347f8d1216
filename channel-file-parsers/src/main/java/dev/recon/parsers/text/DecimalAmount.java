package dev.recon.parsers.text;

import dev.recon.core.money.Money;
import java.util.Currency;

/**
 * Exact decimal text to minor units without going through BigDecimal: the hot path of every CSV
 * parser. Accepts an optional sign, digits, one decimal separator (configurable: '.' or ','),
 * leading-separator numbers (".91") and trailing zeros beyond the currency's exponent ("12.500"
 * EUR). Rejects everything else, including more significant decimals than the currency has, with an
 * {@link IllegalArgumentException} naming the value: such a line is quarantined, never rounded.
 */
public final class DecimalAmount {

    private static final long LIMIT = Long.MAX_VALUE / 10 - 10;

    private DecimalAmount() {
    }

    public static long toMinorUnits(CharSequence text, int exponent, char decimalSeparator) {
        int n = text.length();
        int i = 0;
        while (i < n && text.charAt(i) == ' ') {
            i++;
        }
        while (n > i && text.charAt(n - 1) == ' ') {
            n--;
        }
        if (i == n) {
            throw new IllegalArgumentException("amount is empty");
        }
        boolean negative = false;
        char first = text.charAt(i);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        long value = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (fraction >= 0) {
                    if (fraction >= exponent) {
                        if (c != '0') {
                            throw new IllegalArgumentException("amount '" + text + "' has more than " + exponent
                                    + " decimal places");
                        }
                        continue;
                    }
                    fraction++;
                }
                if (value > LIMIT) {
                    throw new IllegalArgumentException("amount '" + text + "' is too large");
                }
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == decimalSeparator && fraction < 0) {
                fraction = 0;
            } else {
                throw new IllegalArgumentException("amount '" + text + "' is not a decimal number");
            }
        }
        if (digits == 0) {
            throw new IllegalArgumentException("amount '" + text + "' is not a decimal number");
        }
        int scale = fraction < 0 ? 0 : fraction;
        for (int k = scale; k < exponent; k++) {
            if (value > LIMIT) {
                throw new IllegalArgumentException("amount '" + text + "' is too large");
            }
            value *= 10;
        }
        return negative ? -value : value;
    }

    /** The same rules over ASCII bytes [from, to): the Adyen hot path, no String per amount. Blank = 0. */
    public static long toMinorUnits(byte[] b, int from, int to, int exponent, char decimalSeparator) {
        int i = from;
        int n = to;
        while (i < n && b[i] == ' ') {
            i++;
        }
        while (n > i && b[n - 1] == ' ') {
            n--;
        }
        if (i == n) {
            return 0L;
        }
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        long value = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < n; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (fraction >= 0) {
                    if (fraction >= exponent) {
                        if (c != '0') {
                            throw new IllegalArgumentException("amount '" + text(b, from, to) + "' has more than "
                                    + exponent + " decimal places");
                        }
                        continue;
                    }
                    fraction++;
                }
                if (value > LIMIT) {
                    throw new IllegalArgumentException("amount '" + text(b, from, to) + "' is too large");
                }
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == decimalSeparator && fraction < 0) {
                fraction = 0;
            } else {
                throw new IllegalArgumentException("amount '" + text(b, from, to) + "' is not a decimal number");
            }
        }
        if (digits == 0) {
            throw new IllegalArgumentException("amount '" + text(b, from, to) + "' is not a decimal number");
        }
        for (int k = fraction < 0 ? 0 : fraction; k < exponent; k++) {
            if (value > LIMIT) {
                throw new IllegalArgumentException("amount '" + text(b, from, to) + "' is too large");
            }
            value *= 10;
        }
        return negative ? -value : value;
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, Math.min(to - from, 64), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    public static Money toMoney(CharSequence text, Currency currency, char decimalSeparator) {
        return new Money(toMinorUnits(text, currency.getDefaultFractionDigits(), decimalSeparator), currency);
    }

    /** Blank means zero: Adyen leaves empty the side (debit/credit) that does not apply. */
    public static long toMinorUnitsOrZero(String text, int exponent) {
        if (text == null || text.isEmpty() || isBlank(text)) {
            return 0L;
        }
        return toMinorUnits(text, exponent, '.');
    }

    public static boolean isBlank(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != ' ') {
                return false;
            }
        }
        return true;
    }
}
