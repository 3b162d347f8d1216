package dev.recon.parsers.text;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.recon.core.text.CsvField;
import java.io.Reader;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place CSV reading is configured (FastCSV): RFC 4180, tolerant of ragged rows (the
 * parsers quarantine them with a reason instead of the library throwing), a bounded field buffer
 * so a corrupt file with an unclosed quote fails with a typed error instead of eating the heap.
 */
public final class CsvRows {

    /** Largest single record we accept (Adyen Metadata JSON is the biggest legitimate field). */
    public static final int MAX_RECORD_CHARS = 1 << 20;

    private CsvRows() {
    }

    public static CsvReader<CsvRecord> reader(Reader in, char separator) {
        return CsvReader.builder()
                .fieldSeparator(separator)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(true)
                .skipEmptyLines(true)
                .maxBufferSize(MAX_RECORD_CHARS)
                .detectBomHeader(false)
                .ofCsvRecord(in);
    }

    /** Header name (trimmed, case-insensitive) to position; the first occurrence wins. */
    public static Map<String, Integer> headerIndex(List<String> header) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(normalise(header.get(i)), i);
        }
        return index;
    }

    public static String normalise(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.isEmpty() && n.charAt(0) == '\uFEFF') {
            n = n.substring(1);
        }
        return n;
    }

    /** The record as one CSV line again (quoted where needed): for quarantine and raw-line audit. */
    public static String toLine(CsvRecord record, char separator) {
        StringBuilder sb = new StringBuilder(256);
        int n = record.getFieldCount();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(separator);
            }
            CsvField.append(sb, record.getField(i), separator);
        }
        return sb.toString();
    }
}
