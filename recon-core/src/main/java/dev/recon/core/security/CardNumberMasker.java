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
        if (text == null || text.length() < MIN_DIGITS) {
            return text;
        }
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
                    && luhnValid(text, positions, count)) {
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
