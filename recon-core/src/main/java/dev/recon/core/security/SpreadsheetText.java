package dev.recon.core.security;

/**
 * Neutralises text for files people open in spreadsheets (results.csv, quarantine.csv, reports):
 * a cell starting with = + - @ (or tab / carriage return) is a formula to Excel and LibreOffice,
 * so it gets a leading apostrophe. Numbers such as "-12.50" are left alone: they are data, and
 * a spreadsheet treats them as numbers, not formulas. The canonical parse output never uses this.
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return startsFormula(cell) ? "'" + cell : cell;
    }

    /**
     * Whether a non-empty cell would be read as a formula: = + - @ tab or CR first, except a plain
     * signed number. Writers that put the apostrophe straight into a byte buffer ask this instead of
     * building the neutralised copy.
     */
    public static boolean startsFormula(String cell) {
        return startsFormula(cell, 0, cell.length());
    }

    /** {@link #startsFormula(String)} of the non-empty cell {@code text[from, to)}, without cutting it out. */
    public static boolean startsFormula(CharSequence text, int from, int to) {
        char first = text.charAt(from);
        if (first == '=' || first == '@' || first == '\t' || first == '\r') {
            return true;
        }
        if (first != '-' && first != '+') {
            return false;
        }
        boolean digit = false;
        for (int i = from + 1; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.') {
                return true;
            }
        }
        return !digit;
    }
}
