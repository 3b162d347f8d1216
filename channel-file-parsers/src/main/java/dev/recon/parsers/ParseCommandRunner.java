package dev.recon.parsers;

import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.canonical.CanonicalCsvWriter;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The engine behind {@code ./recon parse --format F FILE... [--out OUT.csv]}: parses one report (one
 * or more files read as one), writes canonical settlement CSV to {@code out} and quarantine.csv rows
 * to {@code quarantine} (may be null to discard), and returns the summary the CLI prints. The CLI
 * maps {@link Outcome#exitStatus()} straight to the process exit status, and prints
 * {@link ParseException#getMessage()} ({@code FILE:LINE: reason}) when the file is not the format.
 */
public final class ParseCommandRunner {

    /** The result of one parse command. */
    public record Outcome(String format, ParseResult result) {

        /** 0: parsed and control totals tie; 3: parsed but a control total did not tie (DESIGN.md exit codes). */
        public int exitStatus() {
            return result.controlTotalsOk() ? 0 : 3;
        }

        /** The one-line summary for stderr, plus failed checks. */
        public String summary() {
            StringBuilder sb = new StringBuilder(result.summaryLine());
            for (ControlCheck c : result.failedChecks()) {
                sb.append(System.lineSeparator()).append("  ").append(c);
            }
            return sb.toString();
        }
    }

    private ParseCommandRunner() {
    }

    /**
     * @param format     a name from {@link Formats#NAMES} ("auto" detects from the first file)
     * @param files      the report's files, in order (several = one split report)
     * @param options    channel, charset, zone, mapping
     * @param out        receives canonical settlement CSV (header + one row per record)
     * @param quarantine receives quarantine.csv (header + one row per bad row); null = not written
     * @throws ParseException           a file is not the format (print its message, exit 1)
     * @throws IllegalArgumentException unknown format or missing mapping (usage, exit 2)
     */
    public static Outcome run(String format, List<InputSource> files, ParseOptions options, Writer out, Writer quarantine)
            throws ParseException, IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no input file given");
        }
        SettlementFileParser parser = Formats.forFile(format, files.get(0), options);
        CanonicalCsvWriter canonical = new CanonicalCsvWriter(out);
        CsvWriter quarantineCsv = quarantine == null ? null
                : CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(quarantine);
        if (quarantineCsv != null) {
            quarantineCsv.writeRecord(QuarantinedRow.CSV_COLUMNS);
        }
        RecordSink sink = new RecordSink() {
            @Override
            public void accept(SettlementRecord record) {
                canonical.write(record);
            }

            @Override
            public void quarantine(QuarantinedRow row) {
                if (quarantineCsv != null) {
                    quarantineCsv.writeRecord(row.toCsvCells());
                }
            }
        };
        ParseResult result = parser.parseReport(files, sink);
        canonical.flush();
        if (quarantineCsv != null) {
            quarantineCsv.flush();
        }
        return new Outcome(parser.format(), result);
    }
}
