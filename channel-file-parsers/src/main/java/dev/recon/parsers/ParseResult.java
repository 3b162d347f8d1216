package dev.recon.parsers;

import java.util.ArrayList;
import java.util.List;

/**
 * What one parse produced, for the CLI summary and the batch job's "records in" accounting.
 * Invariant (asserted in tests): {@code rowsRead == records + quarantined}. A row is a data row of
 * the format (a CSV line after the header, an MT940 :61:, a camt Ntry or TxDtls, a BAI2 16...);
 * headers and trailers are control rows and not counted.
 *
 * @param format      registry name of the format parsed
 * @param files       the files read, in order
 * @param rowsRead    data rows seen
 * @param records     settlement records emitted
 * @param quarantined rows sent to quarantine
 * @param checks      control totals checked, in file order
 * @param notes       facts worth a line in the report that are not failures (e.g. a batch with no payout row)
 */
public record ParseResult(String format, List<String> files, long rowsRead, long records, long quarantined,
        List<ControlCheck> checks, List<String> notes) {

    public ParseResult {
        files = List.copyOf(files);
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }

    public static ParseResult empty(String format) {
        return new ParseResult(format, List.of(), 0, 0, 0, List.of(), List.of());
    }

    public boolean controlTotalsOk() {
        return checks.stream().allMatch(ControlCheck::ok);
    }

    public List<ControlCheck> failedChecks() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }

    /** rows read = records + quarantined. */
    public boolean countsBalance() {
        return rowsRead == records + quarantined;
    }

    public ParseResult merge(ParseResult other) {
        List<String> f = new ArrayList<>(files);
        f.addAll(other.files);
        List<ControlCheck> c = new ArrayList<>(checks);
        c.addAll(other.checks);
        List<String> n = new ArrayList<>(notes);
        n.addAll(other.notes);
        return new ParseResult(format, f, rowsRead + other.rowsRead, records + other.records,
                quarantined + other.quarantined, c, n);
    }

    /** One line for stderr: "mt940: 2 file(s), 12 records, 0 quarantined, control totals OK (3 checks)". */
    public String summaryLine() {
        String totals = checks.isEmpty() ? "no control totals in format"
                : controlTotalsOk() ? "control totals OK (" + checks.size() + " checks)"
                : "control totals FAILED (" + failedChecks().size() + " of " + checks.size() + " checks)";
        return format + ": " + files.size() + " file(s), " + records + " records, " + quarantined
                + " quarantined, " + totals;
    }
}
