package dev.recon.batch.store;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.StringWriter;
import java.util.List;

/**
 * One CSV record as a single string and back (RFC 4180 quoting by FastCSV): how result rows are
 * kept in the operational database, so a results.csv is rebuilt from exactly what was decided.
 */
public final class CsvLine {

    private CsvLine() {
    }

    public static String encode(List<String> cells) {
        StringWriter out = new StringWriter();
        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
        csv.writeRecord(cells);
        try {
            csv.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String s = out.toString();
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * A reusable encoder for many lines: one FastCSV writer over one buffer, so a million result
     * rows do not build a million writers. Same output as {@link #encode}; not thread-safe.
     */
    public static final class Encoder {
        private final StringWriter buffer = new StringWriter(256);
        private final CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).bufferSize(0).build(buffer);

        public String encode(List<String> cells) {
            buffer.getBuffer().setLength(0);
            csv.writeRecord(cells);
            StringBuffer b = buffer.getBuffer();
            int end = b.length() > 0 && b.charAt(b.length() - 1) == '\n' ? b.length() - 1 : b.length();
            return b.substring(0, end);
        }
    }

    public static List<String> decode(String line) {
        try (CsvReader<CsvRecord> r = CsvReader.builder().ofCsvRecord(line)) {
            for (CsvRecord rec : r) {
                return rec.getFields();
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return List.of();
    }
}
