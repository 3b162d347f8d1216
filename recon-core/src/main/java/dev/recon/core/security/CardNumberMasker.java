package dev.recon.core.security;

/**
 * Masks primary account numbers wherever they appear in free text: any run of 13-19 digits
 * (optionally split by single spaces or dashes) that passes the Luhn check keeps its first six and
 * last four digits and loses the rest ("4111 1111 1111 1111" -> "411111******1111").
 *
 * <p>Why Luhn: order ids and IBAN fragments are long digit runs too; masking only Luhn-valid runs
 * keeps references readable while no real card number survives. About one in ten random digit
 * runs passes Luhn and is masked as well; that loss is accepted (PCI DSS 3.4 prefers it).
 */
public final class CardNumberMasker {

    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    private CardNumberMasker() {
    }

    /** Returns the text with every Luhn-valid 13-19 digit run masked; the same instance if none. */
    public static String mask(String text) {
        return mask(text, false);
    }

    /**
     * For reference fields (channel references, payment and event ids): masks a Luhn-valid run only
     * when it also starts with a card scheme's issuer prefix (Visa 4, Mastercard 51-55 and
     * 2221-2720, Amex 34/37, Discover 6011/644-649/65, JCB 3528-3589, Diners 300-305/36/38/39,
     * UnionPay 62, Maestro 50/56-58/6304/67).
     *
     * <p>Why: channel references are long digit runs too (Adyen's PSP reference has 16 digits and
     * about one in ten passes Luhn). Masking those would change the key the legs are matched on and
     * make about 10% of payments unmatchable; a reference whose digits also look like a card of a
     * real scheme is still masked, because then it more likely is one.
     */
    public static String maskReference(String text) {
        return mask(text, true);
    }

    private static String mask(String text, boolean schemePrefixOnly) {
        return mayHoldCardNumber(text) ? scan(text, schemePrefixOnly) : text;
    }

    /**
     * A cheap screen in front of {@link #scan}, which allocates for every digit run it inspects:
     * free text (bank narratives, raw lines) almost never holds 13 digits in a row. Every run the
     * scan could mask lies inside a stretch of digits, spaces and dashes holding at least 13 digits,
     * so text without such a stretch is returned as it is, which is what the scan returns for it too
     * ({@code CardNumberMaskerTest} compares both on random text).
     */
    static boolean mayHoldCardNumber(String text) {
        if (text == null || text.length() < MIN_DIGITS) {
            return false;
        }
        // A stretch (maximal run of digits, spaces and dashes) holding 13 digits is at least 13
        // characters long, so it covers one of every 13 positions: probe those and look at a
        // stretch only where a probe lands in one. Narrative text is mostly letters, so this reads
        // about one character in 13 instead of every one (MT940 spent ~15% of its parse here).
        int n = text.length();
        int probe = MIN_DIGITS - 1;
        while (probe < n) {
            if (!inStretch(text.charAt(probe))) {
                // everything between the last ruled-out point and this probe is at most 12 long
                probe += MIN_DIGITS;
                continue;
            }
            int start = probe;
            while (start > 0 && inStretch(text.charAt(start - 1))) {
                start--;
            }
            int digits = 0;
            int end = start;
            while (end < n && inStretch(text.charAt(end))) {
                if (isDigit(text.charAt(end)) && ++digits >= MIN_DIGITS) {
                    return true;
                }
                end++;
            }
            // end is a breaker (or the end): stretches after it start at end + 1 at the earliest
            probe = end + MIN_DIGITS;
        }
        return false;
    }

    /** Characters the scan lets a card number run through: digits and its single separators. */
    private static boolean inStretch(char c) {
        return isDigit(c) || c == ' ' || c == '-';
    }

    /** The plain one-pass form of {@link #mayHoldCardNumber}, kept as the reference its test compares with. */
    static boolean mayHoldCardNumberByFullPass(String text) {
        if (text == null || text.length() < MIN_DIGITS) {
            return false;
        }
        int digits = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                if (++digits >= MIN_DIGITS) {
                    return true;
                }
            } else if (c != ' ' && c != '-') {
                digits = 0;
            }
        }
        return false;
    }

    static String scan(String text, boolean schemePrefixOnly) {
        StringBuilder out = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(text.charAt(i)) || (i > 0 && isDigit(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            // collect a run of digits allowing single ' ' or '-' separators between digits
            int[] positions = new int[MAX_DIGITS + 1];
            int count = 0;
            int j = i;
            int end = i;
            while (j < n && count <= MAX_DIGITS) {
                char c = text.charAt(j);
                if (isDigit(c)) {
                    positions[count++] = j;
                    end = j + 1;
                    j++;
                } else if ((c == ' ' || c == '-') && j + 1 < n && isDigit(text.charAt(j + 1)) && end == j) {
                    j++;
                } else {
                    break;
                }
            }
            if (count >= MIN_DIGITS && count <= MAX_DIGITS && !(end < n && isDigit(text.charAt(end)))
                    && luhnValid(text, positions, count)
                    && (!schemePrefixOnly || hasSchemePrefix(text, positions))) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                for (int k = 6; k < count - 4; k++) {
                    out.setCharAt(positions[k], '*');
                }
            }
            i = Math.max(end, i + 1);
        }
        return out == null ? text : out.toString();
    }

    /** True if the text still contains something that looks like a full card number. */
    public static boolean containsCardNumber(String text) {
        return text != null && !mask(text).equals(text);
    }

    private static boolean hasSchemePrefix(String text, int[] positions) {
        int two = digitAt(text, positions, 0) * 10 + digitAt(text, positions, 1);
        int three = two * 10 + digitAt(text, positions, 2);
        int four = three * 10 + digitAt(text, positions, 3);
        return two / 10 == 4
                || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
                || two == 34 || two == 37
                || four == 6011 || (three >= 644 && three <= 649) || two == 65
                || (four >= 3528 && four <= 3589)
                || (three >= 300 && three <= 305) || two == 36 || two == 38 || two == 39
                || two == 62
                || two == 50 || (two >= 56 && two <= 58) || four == 6304 || two == 67;
    }

    private static int digitAt(String text, int[] positions, int k) {
        return text.charAt(positions[k]) - '0';
    }

    static boolean luhnValid(String text, int[] positions, int count) {
        int sum = 0;
        boolean doubleIt = false;
        for (int k = count - 1; k >= 0; k--) {
            int d = text.charAt(positions[k]) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
