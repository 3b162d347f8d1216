package dev.recon.batch.output;

import static dev.recon.core.report.HtmlReport.barChart;
import static dev.recon.core.report.HtmlReport.esc;
import static dev.recon.core.report.HtmlReport.tile;

import dev.recon.core.report.HtmlReport;
import java.util.List;
import java.util.Map;

/**
 * report.html: one self-contained page for a finance operator (no scripts, no external files, no
 * fonts to fetch): totals, match rate, breaks by type and by age as inline SVG bar charts, amounts
 * at risk per currency, the control totals and the top near-miss explanations. Every number shown
 * carries a {@code data-metric} attribute with the summary.json field it comes from, so a test can
 * check that the page and summary.json agree.
 */
public final class ReportHtml {

    private ReportHtml() {
    }

    public static String render(DaySummary s) {
        StringBuilder h = HtmlReport.page("Reconciliation " + s.channel() + " " + s.businessDate());
        h.append("<h1>Settlement reconciliation: ").append(esc(s.channel())).append(", business date ")
                .append(esc(s.businessDate())).append("</h1>\n");
        h.append("<p>Format ").append(esc(s.format())).append(", version ").append(s.version()).append(", rules ")
                .append(esc(s.configVersion())).append(". Day <strong class=\"").append(s.closed() ? "ok" : "bad")
                .append("\" data-metric=\"closed\">").append(s.closed() ? "closed" : "NOT closed").append("</strong>")
                .append(s.controlTotalsOk() ? "" : ": control totals did not tie").append(".</p>\n");
        DaySummary.Totals t = s.results();
        h.append("<div class=\"tiles\">");
        tile(h, "Results", "results.total", Long.toString(t.total()), "");
        tile(h, "Matched", "results.matched", Long.toString(t.matched()), "ok");
        tile(h, "Pending", "results.pending", Long.toString(t.pending()), "");
        tile(h, "Breaks", "results.breaks", Long.toString(t.breaks()), t.breaks() == 0 ? "ok" : "bad");
        tile(h, "Match rate", "results.match_rate", t.matchRate(), "");
        h.append("</div>\n");

        h.append("<h2>Breaks by type</h2>\n").append(barChart(s.breaksByType(), "breaks_by_type", "#b42318"));
        h.append("<h2>Breaks by age (days since expected settlement)</h2>\n")
                .append(barChart(s.breaksByAge(), "breaks_by_age", "#c4661f"));

        h.append("<h2>Amounts at risk</h2>\n<table><tr><th>Currency</th><th>Sum of break amounts</th></tr>");
        for (Map.Entry<String, String> e : s.amountAtRisk().entrySet()) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td data-metric=\"amount_at_risk.")
                    .append(esc(e.getKey())).append("\">").append(esc(e.getValue())).append("</td></tr>");
        }
        h.append("</table>\n");

        h.append("<h2>Records in, accounted for</h2>\n<table><tr><th>Side</th><th>Read</th>")
                .append("<th title=\"open items of earlier days\">Carried in</th><th>Matched</th>")
                .append("<th>Pending</th><th>Breaks</th><th>Non-payment</th><th>Superseded</th><th>Other channels</th>")
                .append("<th>Outside date window</th><th>Decided earlier</th>")
                .append("<th>Quarantined</th><th>Balanced</th></tr>");
        side(h, "settlement", s.settlement());
        side(h, "internal", s.internal());
        h.append("</table>\n<p>Open items carried forward to the next day: <strong data-metric=\"open_items_carried_forward\">")
                .append(s.openItemsCarriedForward()).append("</strong></p>\n");

        h.append("<h2>Control totals</h2>\n<ul>");
        if (s.controlChecks().isEmpty()) {
            h.append("<li>The format carries no control totals.</li>");
        }
        for (String c : s.controlChecks()) {
            h.append("<li class=\"").append(c.startsWith("FAIL") ? "bad" : "ok").append("\">").append(esc(c)).append("</li>");
        }
        for (String n : s.notes()) {
            h.append("<li>").append(esc(n)).append("</li>");
        }
        for (String d : s.duplicateFiles()) {
            h.append("<li class=\"bad\">").append(esc(d)).append("</li>");
        }
        h.append("</ul>\n");

        if (!s.nonPaymentByType().isEmpty()) {
            h.append("<h2>Non-payment lines (fees, payouts, adjustments: reported, not breaks)</h2>\n<table>");
            for (Map.Entry<String, Long> e : s.nonPaymentByType().entrySet()) {
                h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(e.getValue()).append("</td></tr>");
            }
            h.append("</table>\n");
        }

        if (!s.payouts().isEmpty()) {
            h.append("<h2>Payouts against the bank statement</h2>\n<table><tr><th>Payout batch</th><th>Currency</th>")
                    .append("<th>Payout</th><th>Bank credit</th><th>Status</th><th>Explanation</th></tr>");
            for (DaySummary.Payout p : s.payouts()) {
                boolean ok = p.status().equals("MATCHED");
                h.append("<tr><td>").append(esc(p.payoutBatch())).append("</td><td>").append(esc(p.currency()))
                        .append("</td><td>").append(esc(p.payout())).append("</td><td>").append(esc(p.bankCredit()))
                        .append("</td><td class=\"").append(ok ? "ok" : p.status().equals("BREAK") ? "bad" : "")
                        .append("\">").append(esc(p.breakType().isEmpty() ? p.status() : p.breakType()))
                        .append("</td><td>").append(esc(p.detail())).append("</td></tr>");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Top near-miss explanations</h2>\n");
        List<DaySummary.NearMiss> nm = s.nearMisses();
        if (nm.isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<table><tr><th>Break</th><th>Reference</th><th>Amount</th><th>Closest candidate</th></tr>");
            for (DaySummary.NearMiss n : nm) {
                h.append("<tr><td>").append(esc(n.breakType())).append("</td><td>").append(esc(n.reference()))
                        .append("</td><td>").append(esc(n.amount())).append("</td><td>").append(esc(n.explanation()))
                        .append("</td></tr>");
            }
            h.append("</table>\n");
        }
        h.append("<p>Files: ").append(esc(String.join(", ", s.files()))).append("</p>\n</body></html>\n");
        return h.toString();
    }

    private static void side(StringBuilder h, String name, DaySummary.Side s) {
        h.append("<tr><td>").append(name).append("</td>");
        long[] v = {s.read(), s.carriedIn(), s.matched(), s.pending(), s.breaks(), s.nonPayment(), s.superseded(),
            s.otherChannels(), s.outsideWindow(), s.decidedEarlier(), s.quarantined()};
        String[] keys = {"read", "carried_in", "matched", "pending", "breaks", "non_payment", "superseded",
            "other_channels", "outside_window", "decided_earlier", "quarantined"};
        for (int i = 0; i < v.length; i++) {
            h.append("<td data-metric=\"").append(name).append('.').append(keys[i]).append("\">").append(v[i])
                    .append("</td>");
        }
        h.append("<td class=\"").append(s.balanced() ? "ok" : "bad").append("\">").append(s.balanced() ? "yes" : "NO")
                .append("</td></tr>");
    }
}
