package dev.recon.parsers.text;

import dev.recon.core.security.CardNumberMasker;

/**
 * {@link CardNumberMasker#mask} behind a cheap screen, for the statement parsers that mask every
 * description and raw line (MT940, camt): the masker allocates for every digit run it inspects, and
 * in bank text almost no line holds 13 digits in a row. The screen only looks for a stretch of
 * digits, spaces and dashes holding at least 13 digits, which every run the masker could mask lies
 * inside; text without one is returned as it is (what the masker returns for it too), anything
 * else goes to the masker. Same output in every case (tested against the masker on random text).
 */
public final class CardNumberScreen {

    private static final int MIN_DIGITS = 13;

    private CardNumberScreen() {
    }

    /** Exactly {@code CardNumberMasker.mask(text)}. */
    public static String mask(String text) {
        return mayHoldCardNumber(text) ? CardNumberMasker.mask(text) : text;
    }

    static boolean mayHoldCardNumber(String text) {
        if (text == null || text.length() < MIN_DIGITS) {
            return false;
        }
        int digits = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits >= MIN_DIGITS) {
                    return true;
                }
            } else if (c != ' ' && c != '-') {
                digits = 0;
            }
        }
        return false;
    }
}
