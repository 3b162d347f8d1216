package dev.recon.batch.job;

import dev.recon.parsers.ControlCheck;
import dev.recon.parsers.ParseResult;
import java.util.List;

/**
 * The settlement parse's totals as kept in the job's execution context (JSON), so the match step
 * and a restarted run see the control totals of the staging that was actually committed.
 */
public record ParseSummary(String format, List<String> files, long rowsRead, long records, long quarantined,
        boolean controlTotalsOk, List<String> checks, List<String> notes) {

    public static ParseSummary of(ParseResult r) {
        return new ParseSummary(r.format(), r.files(), r.rowsRead(), r.records(), r.quarantined(), r.controlTotalsOk(),
                r.checks().stream().map(ControlCheck::toString).toList(), r.notes());
    }

    public List<String> failedChecks() {
        return checks.stream().filter(c -> c.startsWith("FAIL")).toList();
    }
}
