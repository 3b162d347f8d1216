package dev.recon.batch;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a results.csv back by header name, for assertions. */
final class ResultsCsv {

    private ResultsCsv() {
    }

    static List<Map<String, String>> read(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> r = CsvReader.builder().ofNamedCsvRecord(file)) {
            for (NamedCsvRecord rec : r) {
                rows.add(rec.getFieldsAsMap());
            }
        }
        return rows;
    }
}
