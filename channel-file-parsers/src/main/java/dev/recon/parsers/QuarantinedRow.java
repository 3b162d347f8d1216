package dev.recon.parsers;

import dev.recon.core.security.CardNumberMasker;
import dev.recon.core.security.SpreadsheetText;
import java.util.List;

/**
 * A row that could not become a settlement record: where it is, which field failed and why, and the
 * raw line for audit with card numbers masked (the constructor masks, so no caller can forget).
 *
 * @param file   the input file name
 * @param line   1-based line where the row starts
 * @param field  the column or tag that failed, or "row" when the row as a whole is unreadable
 * @param reason human-readable reason, naming the bad value
 * @param rawLine the row as read, card numbers masked; may be null
 */
public record QuarantinedRow(String file, long line, String field, String reason, String rawLine) {

    /** Columns of quarantine.csv. */
    public static final List<String> CSV_COLUMNS = List.of("file", "line", "field", "reason", "raw_line");

    public QuarantinedRow {
        rawLine = CardNumberMasker.mask(rawLine);
        reason = CardNumberMasker.mask(reason);
    }

    /** The row as quarantine.csv cells: text neutralised for spreadsheets. */
    public List<String> toCsvCells() {
        return List.of(SpreadsheetText.neutralise(file), Long.toString(line), SpreadsheetText.neutralise(field),
                SpreadsheetText.neutralise(reason), rawLine == null ? "" : SpreadsheetText.neutralise(rawLine));
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + field + ": " + reason;
    }
}
