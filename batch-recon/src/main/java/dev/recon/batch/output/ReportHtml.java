package dev.recon.batch.output;

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
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>Reconciliation ").append(esc(s.channel())).append(' ').append(esc(s.businessDate()))
                .append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}")
                .append("h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}")
                .append(".tiles{display:flex;gap:1em;flex-wrap:wrap}.tile{border:1px solid #ccc;border-radius:6px;padding:.8em 1.2em;min-width:8em}")
                .append(".tile b{display:block;font-size:1.6em}.ok{color:#1a7f37}.bad{color:#b42318}")
                .append("table{border-collapse:collapse;margin-top:.5em}td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left;font-size:.9em}")
                .append("</style></head><body>\n");
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

    private static void tile(StringBuilder h, String label, String metric, String value, String cls) {
        h.append("<div class=\"tile\">").append(esc(label)).append("<b class=\"").append(cls)
                .append("\" data-metric=\"").append(metric).append("\">").append(esc(value)).append("</b></div>");
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

    /** A horizontal bar chart as inline SVG; an empty map says so instead of drawing nothing. */
    static String barChart(Map<String, Long> values, String metric, String colour) {
        if (values.isEmpty() || values.values().stream().allMatch(v -> v == 0)) {
            return "<p>None.</p>\n";
        }
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int rowHeight = 24;
        int labelWidth = 180;
        int barWidth = 480;
        int height = values.size() * rowHeight + 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(labelWidth + barWidth + 80)
                .append("\" height=\"").append(height).append("\" font-family=\"system-ui,sans-serif\" font-size=\"12\">");
        int y = 4;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            long w = max == 0 ? 0 : Math.round((double) e.getValue() / max * barWidth);
            svg.append("<text x=\"0\" y=\"").append(y + 16).append("\">").append(esc(e.getKey())).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(w).append("\" height=\"").append(rowHeight - 8).append("\" fill=\"").append(colour)
                    .append("\"/>").append("<text x=\"").append(labelWidth + w + 6).append("\" y=\"").append(y + 16)
                    .append("\" data-metric=\"").append(metric).append('.').append(esc(e.getKey())).append("\">")
                    .append(e.getValue()).append("</text>");
            y += rowHeight;
        }
        return svg.append("</svg>\n").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
