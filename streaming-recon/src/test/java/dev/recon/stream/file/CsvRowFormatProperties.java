package dev.recon.stream.file;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.recon.core.security.SpreadsheetText;
import dev.recon.fraud.FraudDecision;
import dev.recon.fraud.FraudScore;
import dev.recon.fraud.RuleHit;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CsvPartEncoders.RowFormatter} writes each row byte for byte as FastCSV's writer with the
 * final files' settings does (after the same neutralising of spreadsheet formulas): random rows of
 * null, empty, plain, formula-like, non-ASCII cells and cells with commas, quotes, CR, LF and a
 * leading '#', in every position.
 */
class CsvRowFormatProperties {

    private static final String[] PIECES = {",", "\"", "\n", "\r", "#", "=", "+", "-", "@", " ", "\t", "é", "€",
        "\uD83D\uDE00", "a", "Z", "0", "9", ".", "|", "'"};

    static LongStream seeds() {
        return LongStream.range(0, 30);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void rowsAreWhatFastCsvWrites(long seed) throws Exception {
        Random r = new Random(seed);
        CsvPartEncoders.RowFormatter fast = new CsvPartEncoders.RowFormatter();
        for (int i = 0; i < 2_000; i++) {
            List<String> cells = new ArrayList<>();
            int n = 1 + r.nextInt(r.nextInt(8) == 0 ? 3 : 32);
            for (int c = 0; c < n; c++) {
                cells.add(cell(r));
            }
            assertThat(new String(fast.row(cells), StandardCharsets.UTF_8)).isEqualTo(reference(cells));
        }
    }

    /**
     * A fraud verdict's part-file element holds event_time, event_id and the row {@link CsvPartEncoders.RowFormatter}
     * makes of {@link FraudScore#csvCells} (the row is written cell by cell into bytes, or through the
     * formatter for an event_id starting with '#'): random verdicts of the same nasty cells, with and
     * without rule hits, negative scores and event ids starting with '#'.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void fraudElementsCarryTheFormattersRow(long seed) throws Exception {
        Random r = new Random(seed);
        CsvPartEncoders.RowFormatter formatter = new CsvPartEncoders.RowFormatter();
        CsvPartEncoders.Fraud encoder = new CsvPartEncoders.Fraud();
        for (int i = 0; i < 2_000; i++) {
            List<RuleHit> hits = new ArrayList<>();
            for (int h = r.nextInt(2) == 0 ? 0 : r.nextInt(4); h > 0; h--) {
                hits.add(new RuleHit(text(r), r.nextInt(100), text(r)));
            }
            String eventId = r.nextInt(10) == 0 ? "#" + text(r) : text(r);
            FraudScore s = new FraudScore(eventId, cell(r), cell(r), cell(r), cell(r),
                    Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000)),
                    r.nextInt(300) - 100, FraudDecision.values()[r.nextInt(FraudDecision.values().length)], hits,
                    cell(r));
            DataInputStream element = new DataInputStream(new ByteArrayInputStream(encoder.encode(s)));
            assertThat(new String(element.readNBytes(element.readInt()), StandardCharsets.UTF_8))
                    .isEqualTo(s.eventTime().toString());
            assertThat(new String(element.readNBytes(element.readInt()), StandardCharsets.UTF_8)).isEqualTo(eventId);
            assertThat(new String(element.readNBytes(element.readInt()), StandardCharsets.UTF_8))
                    .isEqualTo(new String(formatter.row(s.csvCells()), StandardCharsets.UTF_8));
            assertThat(element.available()).isZero();
        }
    }

    /** A cell never null (an event id, a rule id, a reason). */
    private static String text(Random r) {
        String c = cell(r);
        return c == null ? "" : c;
    }

    /** What the formatter replaced: FastCSV with the final files' settings, cells neutralised first. */
    private static String reference(List<String> cells) throws Exception {
        StringWriter text = new StringWriter();
        List<String> safe = new ArrayList<>(cells.size());
        for (String c : cells) {
            safe.add(SpreadsheetText.neutralise(c));
        }
        try (CsvWriter csv = FileReconJob.csv(text)) {
            csv.writeRecord(safe);
        }
        return text.toString();
    }

    private static String cell(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                return null;
            case 1:
                return "";
            default:
                int len = 1 + r.nextInt(12);
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < len; k++) {
                    sb.append(r.nextInt(3) == 0 ? PIECES[r.nextInt(PIECES.length)] : Character.toString('a' + r.nextInt(26)));
                }
                return sb.toString();
        }
    }
}
