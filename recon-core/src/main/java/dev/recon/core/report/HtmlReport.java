package dev.recon.core.report;

import java.util.Map;

/**
 * The building blocks of the self-contained HTML reports people open (the batch's day report, the
 * demo's report): escaping, one stylesheet, number tiles and horizontal bar charts as inline SVG.
 * No scripts, no external files, no fonts to fetch: a report opens anywhere, offline, and a strict
 * Content-Security-Policy ({@link #HEAD_CSP}) keeps it that way. Every number drawn carries a
 * {@code data-metric} attribute naming where it comes from, so tests can read a page back (also
 * from a headless browser's DOM) and compare it with the data.
 */
public final class HtmlReport {

    /** Forbids scripts and every external load; inline styles only. */
    public static final String HEAD_CSP =
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";

    public static final String STYLE = "<style>"
            + "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}"
            + "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}"
            + ".tiles{display:flex;gap:1em;flex-wrap:wrap}.tile{border:1px solid #ccc;border-radius:6px;padding:.8em 1.2em;min-width:8em}"
            + ".tile b{display:block;font-size:1.6em}.ok{color:#1a7f37}.bad{color:#b42318}"
            + "table{border-collapse:collapse;margin-top:.5em}td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left;font-size:.9em}"
            + "td.num,th.num{text-align:right}code{background:#f4f4f4;padding:0 .2em}"
            + "</style>";

    private HtmlReport() {
    }

    /** The document start: doctype, charset, CSP, title and the stylesheet; the caller closes body and html. */
    public static StringBuilder page(String title) {
        return new StringBuilder(16_384).append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append(HEAD_CSP).append("<title>").append(esc(title)).append("</title>").append(STYLE)
                .append("</head><body>\n");
    }

    /** A labelled number; {@code cls} is "", "ok" or "bad". */
    public static void tile(StringBuilder h, String label, String metric, String value, String cls) {
        h.append("<div class=\"tile\">").append(esc(label)).append("<b class=\"").append(cls)
                .append("\" data-metric=\"").append(esc(metric)).append("\">").append(esc(value)).append("</b></div>");
    }

    /** A horizontal bar chart as inline SVG; an empty or all-zero map says so instead of drawing nothing. */
    public static String barChart(Map<String, Long> values, String metric, String colour) {
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
            // Bar length in whole pixels, proportional to the largest value (integer arithmetic).
            long w = max == 0 ? 0 : (e.getValue() * barWidth + max / 2) / max;
            svg.append("<text x=\"0\" y=\"").append(y + 16).append("\">").append(esc(e.getKey())).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(w).append("\" height=\"").append(rowHeight - 8).append("\" fill=\"").append(colour)
                    .append("\"/>").append("<text x=\"").append(labelWidth + w + 6).append("\" y=\"").append(y + 16)
                    .append("\" data-metric=\"").append(esc(metric)).append('.').append(esc(e.getKey())).append("\">")
                    .append(e.getValue()).append("</text>");
            y += rowHeight;
        }
        return svg.append("</svg>\n").toString();
    }

    /** HTML-escapes text for element content and attribute values; null becomes "". */
    public static String esc(String s) {
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
