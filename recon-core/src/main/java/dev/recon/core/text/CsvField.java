package dev.recon.core.text;

/**
 * RFC 4180 quoting of one CSV cell, shared by every writer that builds CSV lines itself (the
 * parsers' quarantine and raw-line audit, the stream's results and fraud files) instead of going
 * through a CSV library per row, which was a measurable share of those hot paths.
 */
public final class CsvField {

    private CsvField() {
    }

    /** Appends {@code cell}, quoted only when it holds the separator, a double quote, CR or LF. */
    public static void append(StringBuilder line, String cell, char separator) {
        for (int k = 0; k < cell.length(); k++) {
            char c = cell.charAt(k);
            if (c == separator || c == '"' || c == '\n' || c == '\r') {
                appendQuoted(line, cell);
                return;
            }
        }
        line.append(cell);
    }

    /** Appends {@code cell} in double quotes with each double quote doubled. */
    public static void appendQuoted(StringBuilder line, String cell) {
        line.append('"');
        for (int k = 0; k < cell.length(); k++) {
            char c = cell.charAt(k);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }
}
