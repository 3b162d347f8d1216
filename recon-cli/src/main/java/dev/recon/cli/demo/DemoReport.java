package dev.recon.cli.demo;

import static dev.recon.core.report.HtmlReport.barChart;
import static dev.recon.core.report.HtmlReport.esc;
import static dev.recon.core.report.HtmlReport.tile;

import dev.recon.core.report.HtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's summary on stdout and its {@code report.html}: what was generated, what each job
 * reported, whether every injected discrepancy and fraud pattern was found (and nothing else), and
 * what the stores hold. The batch's own day report ({@code batch/report.html}) is linked for the
 * detail a finance operator works from.
 */
public final class DemoReport {

    /** Everything one demo run produced. */
    public record Run(DemoTraffic.Written input, DemoCheck.LegCheck stream, DemoCheck.LegCheck batch,
            DemoCheck.FraudCheck fraud, DemoCheck.Refused refused, DemoStores.Landed landed, Duration streamTime, Duration batchTime,
            Duration total, long seed) {

        boolean ok() {
            return stream.ok() && batch.ok() && fraud.ok() && refused.ok() && landed.ok();
        }
    }

    private DemoReport() {
    }

    public static Path write(Path file, Run run) throws IOException {
        StringBuilder h = HtmlReport.page("recon demo " + run.input().businessDate());
        h.append("<h1>recon demo: one day of payments through every leg</h1>\n");
        h.append("<p>Business date <strong>").append(run.input().businessDate()).append("</strong>, seed ")
                .append(run.seed()).append(", channel <code>").append(DemoTraffic.CHANNEL).append("</code>. Verdict: <strong class=\"")
                .append(run.ok() ? "ok" : "bad").append("\" data-metric=\"verdict\">")
                .append(run.ok() ? "every injected discrepancy and fraud pattern was found, and nothing else"
                        : "some results disagree with what was injected (listed below)")
                .append("</strong>.</p>\n<div class=\"tiles\">");
        tile(h, "Payment events", "input.events", String.format("%,d", run.input().eventLines()), "");
        tile(h, "Callbacks", "input.callbacks", String.format("%,d", run.input().callbackLines()), "");
        tile(h, "Ledger rows", "input.ledger", String.format("%,d", run.input().ledgerRows()), "");
        tile(h, "Settlement lines", "input.settlement", String.format("%,d", run.input().settlementRows()), "");
        tile(h, "Stream job", "time.stream", seconds(run.streamTime()), "");
        tile(h, "Batch job", "time.batch", seconds(run.batchTime()), "");
        h.append("</div>\n");

        leg(h, "Streaming reconciliation (payment events vs channel callbacks)", run.stream(), "stream/results.csv",
                "File mode reads both files to the end before any timeout falls due, so a callback two hours late"
                        + " still matches here; on Kafka the same job reports it MISSING_IN_CHANNEL after the 15-minute"
                        + " timeout and then a new version of the same recon_id, MATCHED.");
        leg(h, "Nightly settlement reconciliation (ledger vs Adyen settlement report)", run.batch(),
                "batch/results.csv", "The day's full report for finance: <a href=\"batch/report.html\">batch/report.html</a>.");

        DemoCheck.Refused x = run.refused();
        h.append("<h2>Bad input, set aside with the reason</h2>\n<p>Event lines refused to <code>stream/dead-letters.csv</code>: <strong class=\"")
                .append(x.deadLetters() == x.deadLettersExpected() ? "ok" : "bad").append("\" data-metric=\"refused.dead_letters\">")
                .append(x.deadLetters()).append("</strong> of ").append(x.deadLettersExpected())
                .append(" injected (not JSON, an unknown currency, a callback without its reference). Settlement rows quarantined to <code>batch/quarantine.csv</code>: <strong class=\"")
                .append(x.quarantined() == x.quarantinedExpected() ? "ok" : "bad").append("\" data-metric=\"refused.quarantined\">")
                .append(x.quarantined()).append("</strong> of ").append(x.quarantinedExpected()).append(" injected.</p>\n");

        DemoCheck.FraudCheck f = run.fraud();
        h.append("<h2>Fraud rules</h2>\n<p>Decisions: ");
        f.byDecision().forEach((k, v) -> h.append(esc(k)).append(" <strong data-metric=\"fraud.decision.").append(esc(k))
                .append("\">").append(v).append("</strong> "));
        h.append("(file <code>stream/fraud.csv</code>).</p>\n").append(barChart(f.hitsByRule(), "fraud.hits", "#6b4fbb"));
        h.append("<table><tr><th>Injected pattern</th><th>Rule expected</th><th class=\"num\">Payments</th>"
                + "<th class=\"num\">Caught by the rule</th></tr>");
        for (Map.Entry<String, Integer> e : f.sizeOfPattern().entrySet()) {
            int caught = f.caughtByPattern().getOrDefault(e.getKey(), 0);
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td><code>")
                    .append(esc(DemoCheck.RULE_FOR_PATTERN.get(e.getKey()))).append("</code></td><td class=\"num\">")
                    .append(e.getValue()).append("</td><td class=\"num ").append(caught > 0 ? "ok" : "bad")
                    .append("\" data-metric=\"fraud.caught.").append(esc(e.getKey())).append("\">").append(caught)
                    .append("</td></tr>");
        }
        h.append("</table>\n<p>Clean payments sent to review or declined: <strong class=\"")
                .append(f.cleanPaymentsFlagged().isEmpty() ? "ok" : "bad").append("\" data-metric=\"fraud.false_positives\">")
                .append(f.cleanPaymentsFlagged().size()).append("</strong></p>\n");
        list(h, f.cleanPaymentsFlagged());

        DemoStores.Landed l = run.landed();
        h.append("<h2>Analytics stores</h2>\n");
        if (!l.enabled()) {
            h.append("<p>Not used in this run (<code>--no-stores</code>).</p>\n");
        } else if (l.problem() != null) {
            h.append("<p class=\"bad\">").append(esc(l.problem())).append("</p>\n");
        } else {
            h.append("<p>ClickHouse (").append(esc(l.clickHouseUrl())).append(", view <code>recon_results_current</code>) holds <strong data-metric=\"stores.clickhouse\" class=\"")
                    .append(l.clickHouseTotal() == l.expected() ? "ok" : "bad").append("\">").append(l.clickHouseTotal())
                    .append("</strong> of this run's ").append(l.expected()).append(" results; Elasticsearch (")
                    .append(esc(l.elasticsearchUrl())).append(", alias <code>recon-results</code>) <strong data-metric=\"stores.elasticsearch\" class=\"")
                    .append(l.elasticsearch() == l.expected() ? "ok" : "bad").append("\">").append(l.elasticsearch())
                    .append("</strong>.</p>\n").append(barChart(l.clickHouse(), "stores.clickhouse_by", "#1f6feb"));
            h.append("<p>Try: <code>SELECT channel, mode, match_rate FROM recon.daily_match_rate WHERE business_date = '")
                    .append(run.input().businessDate()).append("'</code> (more in docs/analyst-queries.md).</p>\n");
        }
        h.append("<h2>Files</h2>\n<p>Input: <code>input/</code> (payment-events.jsonl, channel-callbacks.jsonl, ledger.csv,"
                + " settlement_detail_report_batch_1.csv, recon.yaml, expected.csv = the injected truth). Output:"
                + " <code>stream/</code>, <code>batch/</code>; job logs in <code>logs/</code>. Total time ")
                .append(seconds(run.total())).append(".</p>\n</body></html>\n");
        Files.writeString(file, h, StandardCharsets.UTF_8);
        return file;
    }

    private static void leg(StringBuilder h, String title, DemoCheck.LegCheck c, String file, String note) {
        String leg = c.leg();
        h.append("<h2>").append(esc(title)).append("</h2>\n<div class=\"tiles\">");
        tile(h, "Keys checked", leg + ".expected", String.format("%,d", c.expected()), "");
        tile(h, "As injected", leg + ".agreed", String.format("%,d", c.agreed()), c.ok() ? "ok" : "bad");
        tile(h, "Missed breaks", leg + ".missed", String.format("%,d", c.missedBreaks()), c.missedBreaks() == 0 ? "ok" : "bad");
        tile(h, "False breaks", leg + ".false", Long.toString(c.falseBreaks()), c.falseBreaks() == 0 ? "ok" : "bad");
        h.append("</div>\n<p>Results by outcome (file <code>").append(esc(file)).append("</code>):</p>\n")
                .append(barChart(c.reportedByOutcome(), leg + ".outcome", "#1a7f37"));
        h.append("<table><tr><th>Injected break</th><th class=\"num\">Injected</th><th class=\"num\">Reported</th></tr>");
        for (Map.Entry<String, Long> e : c.injectedBreaks().entrySet()) {
            long reported = c.reportedByOutcome().getOrDefault(e.getKey(), 0L);
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"num\">").append(e.getValue())
                    .append("</td><td class=\"num ").append(reported == e.getValue() ? "ok" : "bad")
                    .append("\" data-metric=\"").append(leg).append(".reported.").append(esc(e.getKey())).append("\">")
                    .append(reported).append("</td></tr>");
        }
        h.append("</table>\n<p>").append(note).append("</p>\n");
        if (!c.misses().isEmpty()) {
            h.append("<p class=\"bad\">Disagreements with the injected truth:</p>\n<table><tr><th>Key</th><th>Injected</th>"
                    + "<th>Reported</th><th>Detail</th></tr>");
            for (DemoCheck.Miss m : c.misses().subList(0, Math.min(50, c.misses().size()))) {
                h.append("<tr><td>").append(esc(m.key())).append("</td><td>").append(esc(m.expected())).append("</td><td>")
                        .append(esc(m.actual())).append("</td><td>").append(esc(m.detail())).append("</td></tr>");
            }
            h.append("</table>\n");
        }
    }

    private static void list(StringBuilder h, List<String> items) {
        if (!items.isEmpty()) {
            h.append("<ul>");
            items.stream().limit(50).forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
            h.append("</ul>\n");
        }
    }

    /** The summary people read in the terminal. */
    public static void printSummary(PrintWriter out, Run run, Path report) {
        out.printf("recon demo, business date %s, seed %d: %s%n", run.input().businessDate(), run.seed(),
                run.ok() ? "every injected discrepancy and fraud pattern found, nothing else" : "DISAGREEMENTS FOUND");
        for (DemoCheck.LegCheck c : List.of(run.stream(), run.batch())) {
            out.printf("  %-6s %,7d keys, %,7d as injected, %d missed breaks, %d false breaks; by outcome %s%n", c.leg(),
                    c.expected(), c.agreed(), c.missedBreaks(), c.falseBreaks(), c.reportedByOutcome());
            for (DemoCheck.Miss m : c.misses().subList(0, Math.min(10, c.misses().size()))) {
                out.printf("           %s: injected %s, reported %s (%s)%n", m.key(), m.expected(), m.actual(), m.detail());
            }
        }
        Map<String, String> caught = new LinkedHashMap<>();
        run.fraud().sizeOfPattern().forEach((p, n) -> caught.put(p, run.fraud().caughtByPattern().getOrDefault(p, 0) + "/" + n));
        out.printf("  fraud  patterns caught %s; decisions %s; clean payments flagged %d%n", caught,
                run.fraud().byDecision(), run.fraud().cleanPaymentsFlagged().size());
        out.printf("  refused %d/%d event lines to dead letters, %d/%d settlement rows to quarantine%n",
                run.refused().deadLetters(), run.refused().deadLettersExpected(), run.refused().quarantined(),
                run.refused().quarantinedExpected());
        DemoStores.Landed l = run.landed();
        if (l.enabled()) {
            out.printf("  stores %s%n", l.problem() != null ? l.problem()
                    : String.format("ClickHouse %d/%d results %s, Elasticsearch %d/%d documents", l.clickHouseTotal(),
                            l.expected(), l.clickHouse(), l.elasticsearch(), l.expected()));
        }
        out.printf("  time   stream %s, batch %s, total %s%n", seconds(run.streamTime()), seconds(run.batchTime()),
                seconds(run.total()));
        out.println("  report " + report);
    }

    private static String seconds(Duration d) {
        return String.format("%d.%01d s", d.toSeconds(), d.toMillisPart() / 100);
    }
}
