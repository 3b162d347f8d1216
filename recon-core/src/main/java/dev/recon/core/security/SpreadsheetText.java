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
        char first = cell.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            if ((first == '-' || first == '+') && isPlainNumber(cell)) {
                return cell;
            }
            return "'" + cell;
        }
        return cell;
    }

    private static boolean isPlainNumber(String cell) {
        boolean digit = false;
        for (int i = 1; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.') {
                return false;
            }
        }
        return digit;
    }
}
